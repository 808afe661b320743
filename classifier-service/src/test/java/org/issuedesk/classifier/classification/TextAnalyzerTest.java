package org.issuedesk.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import org.issuedesk.classifier.classification.TextAnalyzer.AnalyzedText;
import org.issuedesk.classifier.classification.TextAnalyzer.Token;
import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

    @Test
    void shouldSplitHashtagsOnCamelCaseAndKeepThemAside() {
        // When
        AnalyzedText text = TextAnalyzer.analyze("Ugh #PhoenixPay #COVID19 #carbontax #SRG");

        // Then
        assertThat(text.tokens()).extracting(Token::original)
                .containsExactly("Ugh", "Phoenix", "Pay", "COVID", "19", "carbontax", "SRG");
        assertThat(text.hashtags()).containsExactlyInAnyOrder("phoenixpay", "covid19", "carbontax", "srg");
    }

    @Test
    void shouldDropFrenchElisionsAndFoldAccentsAndPlurals() {
        // When
        AnalyzedText text = TextAnalyzer.analyze("L'assurance-emploi, qu’il dit, jusqu'à l'ARC: délais des Passeports");

        // Then
        assertThat(text.tokens()).extracting(Token::key)
                .containsExactly("assurance", "emploi", "il", "dit", "a", "arc", "delai", "des", "passeport");
        assertThat(text.tokens()).filteredOn(Token::acronym).extracting(Token::original).containsExactly("ARC");
    }

    @Test
    void shouldLeaveEnglishContractionsAlone() {
        // When
        AnalyzedText text = TextAnalyzer.analyze("It's not what they don't say");

        // Then
        assertThat(text.tokens()).extracting(Token::folded)
                .containsExactly("it", "s", "not", "what", "they", "don", "t", "say");
    }
}
