package org.issuedesk.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.issuedesk.classifier.ClassifierProperties;
import org.issuedesk.classifier.registry.PolicyFileRegistry;
import org.issuedesk.contracts.classifier.IssueKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.DefaultResourceLoader;

/** The lexical classifier on the shipped sample registry, with posts of the dev set and odd input. */
class LexicalClassifierTest {

    private static final Classifier CLASSIFIER = new LexicalClassifier(
            new PolicyFileRegistry(new ClassifierProperties(null, null, null), new DefaultResourceLoader()).all());

    @Test
    void shouldTagAnEnglishEiPostWithTheMatchedPhrase() {
        // When
        Classification c = classify("Still no news on my EI claim after 6 weeks", "en");

        // Then
        assertThat(c.policyFile()).isEqualTo("employment-insurance");
        assertThat(c.language()).isEqualTo("en");
        assertThat(c.evidence()).contains("term \"EI claim\" (en)", "term \"EI\" (en)");
        assertThat(c.confidence()).isBetween(0.5, 1.0);
        assertThat(c.classifierVersion()).isEqualTo("lexical-1");
    }

    @Test
    void shouldTagAQuestionAboutEi() {
        // Given d-0001 of the dev set
        String text = "Got laid off Friday and my employer says the ROE will take 'a couple weeks'. Can I apply for EI "
                + "before it shows up or do I have to wait? @ServiceCanada_E";

        // When
        Classification c = classify(text, "en");

        // Then
        assertThat(c.policyFile()).isEqualTo("employment-insurance");
        assertThat(c.issueKind()).isEqualTo(IssueKind.QUESTION);
        assertThat(c.evidence()).contains("term \"ROE\" (en)", "question cue \"?\"");
    }

    @Test
    void shouldTagAFrenchPassportComplaint() {
        // Given d-0002, with no platform language
        String text = "3e fois que je me présente au bureau des passeports de Laval pis on me renvoie chez nous à 15h "
                + "parce que « capacité atteinte ». Je pars le 22. Franchement.";

        // When
        Classification c = classify(text, null);

        // Then plural and accents do not get in the way
        assertThat(c.policyFile()).isEqualTo("passports");
        assertThat(c.language()).isEqualTo("fr");
        assertThat(c.issueKind()).isEqualTo(IssueKind.COMPLAINT);
        assertThat(c.evidence()).contains("term \"bureau des passeports\" (fr)", "complaint cue \"franchement\"");
    }

    @Test
    void shouldSplitACamelCaseHashtagIntoWords() {
        // Given a post that names the file only in a hashtag
        Classification c = classify("Third month of this. #PhoenixPay", "en");

        // Then #PhoenixPay reads as "phoenix pay", and as the hashtag term itself
        assertThat(c.policyFile()).isEqualTo("public-service-pay");
        assertThat(c.evidence()).contains("term \"Phoenix pay\" (en)", "term \"#PhoenixPay\" (en)");
    }

    @Test
    void shouldReadThroughFrenchElisions() {
        // Given elided articles before a hyphenated term and before an acronym (d-0010)
        Classification elided = classify("Toujours rien de l'Assurance-Emploi depuis six semaines", "fr");
        Classification acronym = classify("Ça fait 41 jours que ma demande d'AE est « en traitement ». "
                + "J'ai appelé 23 fois. 23. Le loyer lui attend pas @ServiceCanada_F", "fr");

        // Then
        assertThat(elided.policyFile()).isEqualTo("employment-insurance");
        assertThat(elided.evidence()).contains("term \"assurance-emploi\" (fr)");
        assertThat(acronym.policyFile()).isEqualTo("employment-insurance");
        assertThat(acronym.evidence()).contains("term \"AE\" (fr)");
    }

    @Test
    void shouldMatchShortAcronymsOnlyInCapitals() {
        // Given ordinary words that spell registry acronyms in lower case
        Classification words = classify("What an arc this season had, and the ae sv ei cpp oas cra jokes too", "en");
        Classification acronym = classify("L'ARC a encore perdu mes papiers", "fr");

        // Then only the capitalised acronym counts
        assertThat(words.policyFile()).isNull();
        assertThat(acronym.policyFile()).isEqualTo("tax-benefits");
        assertThat(acronym.evidence()).contains("term \"ARC\" (fr)");
    }

    @Test
    void shouldMatchWholeWordsOnly() {
        // Given words that contain registry terms ("visa" in "visage", "passport" in "passportless")
        Classification c = classify("Un visage connu au marché, et un passportless weekend", null);

        // Then
        assertThat(c.policyFile()).isNull();
    }

    @Test
    void shouldPreferTheFileWithMostEvidence() {
        // Given a post naming two files, one of them twice as strongly
        Classification c = classify("My passport renewal is stuck and the passport office blames the CRA", "en");

        // Then
        assertThat(c.policyFile()).isEqualTo("passports");
        assertThat(c.evidence()).anyMatch(e -> e.startsWith("also matched tax-benefits"));
        assertThat(c.confidence()).isGreaterThan(0.0).isLessThan(1.0);
    }

    @Test
    void shouldTagPraise() {
        // Given d-0021
        Classification c = classify("Passeport renouvelé en ligne, reçu en 9 jours ouvrables. Honnêtement je "
                + "m'attendais au pire. Bravo à l'équipe 👏", "fr");

        // Then
        assertThat(c.policyFile()).isEqualTo("passports");
        assertThat(c.issueKind()).isEqualTo(IssueKind.PRAISE);
    }

    @Test
    void shouldTagMisinformationCues() {
        // Given d-0013
        Classification c = classify("Heads up everyone, starting January the government is raising the OAS age to 70 "
                + "and anyone under 68 right now loses it completely. Share before they delete this!!", "en");

        // Then
        assertThat(c.policyFile()).isEqualTo("pensions");
        assertThat(c.issueKind()).isEqualTo(IssueKind.MISINFORMATION);
        assertThat(c.evidence()).contains("misinformation cue \"heads up\"");
    }

    @Test
    void shouldLeaveOffTopicPostsWithoutPolicyFile() {
        // Given d-0003 and d-0039: off-topic, in both languages, one with a question-like cue
        Classification bike = classify("Finally bit the bullet and got a carbon fibre gravel bike. 8.4 kg. My knees and "
                + "my wallet both have opinions?", "en");
        Classification gaspe = classify("Matin de brume sur le port de Gaspé, café à la main, les outardes qui "
                + "descendent. Septembre, c'est le plus beau mois, point.", "fr");

        // Then a post that concerns no file is other, with no confidence in any file
        for (Classification c : new Classification[] { bike, gaspe }) {
            assertThat(c.policyFile()).isNull();
            assertThat(c.confidence()).isZero();
            assertThat(c.issueKind()).isEqualTo(IssueKind.OTHER);
            assertThat(c.evidence()).contains("no policy-file term matched: other");
        }
        assertThat(bike.language()).isEqualTo("en");
        assertThat(gaspe.language()).isEqualTo("fr");
    }

    @Test
    void shouldFallBackToTheDeclaredLanguageThenUndetermined() {
        // Given a text with no stop words
        assertThat(classify("Passeport 🛂", "fr-CA").language()).isEqualTo("fr");
        assertThat(classify("Passeport 🛂", "es").language()).isEqualTo("und");
        // and stop words that outvote a wrong platform language
        assertThat(classify("Where is my passport and when will it come", "fr").language()).isEqualTo("en");
    }

    static Stream<String> oddTexts() {
        return Stream.of("", "   ", "🙏🔥🇨🇦😭", "\u0000\u0007\u001b[31m\t\r\n", "####", "#", "@", "l' d' qu'",
                "\uD83D", "?".repeat(500), "a".repeat(10_240),
                "word ".repeat(2_048), // 10 kB of words
                "Still no news on my EI claim. ".repeat(350)); // 10 kB that names a file again and again
    }

    @ParameterizedTest
    @MethodSource("oddTexts")
    void shouldAnswerAnyTextWithoutThrowing(String text) {
        // When
        Classification c = CLASSIFIER.classify(new PostText(text, null));

        // Then a result, with confidences in [0,1], and no file unless a term is named
        assertThat(c.confidence()).isBetween(0.0, 1.0);
        assertThat(c.issueKindConfidence()).isBetween(0.0, 1.0);
        assertThat(c.language()).isIn("en", "fr", "und");
        assertThat(c.evidence()).isNotEmpty();
        if (!text.contains("EI")) {
            assertThat(c.policyFile()).isNull();
            assertThat(c.issueKind()).isEqualTo(IssueKind.OTHER);
        } else {
            assertThat(c.policyFile()).isEqualTo("employment-insurance");
        }
    }

    @Test
    void shouldReadANullTextAsEmpty() {
        // When
        Classification c = CLASSIFIER.classify(new PostText(null, null));

        // Then
        assertThat(c.policyFile()).isNull();
        assertThat(c.language()).isEqualTo("und");
    }

    private static Classification classify(String text, String lang) {
        return CLASSIFIER.classify(new PostText(text, lang));
    }
}
