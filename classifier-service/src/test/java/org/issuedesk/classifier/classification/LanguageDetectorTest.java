package org.issuedesk.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Language detection on the posts that are hard for it: short, mixed, hashtag-only, French without accents. */
class LanguageDetectorTest {

    private final LanguageDetector detector = new LanguageDetector();

    @ParameterizedTest(name = "[{index}] {0} (declared {1}) -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            # short posts: one stop word is enough, and the platform's wrong claim loses to it
            pas encore                                                        | en   | fr
            still waiting                                                     | fr   | en
            # no stop word at all: French letters decide before the platform's claim
            Délai ridicule                                                    | en   | fr
            Chèque reçu!                                                      | null | fr
            # mixed posts (code-switching): the language with more function words
            Je suis tanné, my EI claim est encore en review                   | en   | fr
            My claim is still pending depuis 3 semaines                       | fr   | en
            # hashtag-only: the words of a hashtag vote too; none → what the platform says, else und
            #OnEstTannés #LesFonctionnaires                                   | null | fr
            #PhoenixPay #fail                                                 | fr   | fr
            #PhoenixPay #fail                                                 | null | und
            #WhereIsMyPay #ThisIsTheWorst                                     | fr   | en
            # French typed without accents or apostrophes
            ca fait 3 mois que jattends mon cheque pis personne repond        | en   | fr
            jai appele 4 fois a lagence, toujours rien                        | null | fr
            est ce que lassurance emploi couvre ca                            | en   | fr
            """)
    void shouldDetectTheLanguageOfHardPosts(String text, String declared, String expected) {
        // When
        LanguageDetector.Guess guess = detector.detect(TextAnalyzer.analyze(text), declared);

        // Then
        assertThat(guess.language()).isEqualTo(expected);
    }
}
