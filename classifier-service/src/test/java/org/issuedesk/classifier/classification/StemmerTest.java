package org.issuedesk.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StemmerTest {

    @Test
    void shouldGiveTheFormsOfAFrenchWordOneStemWithOrWithoutAccents() {
        assertThat(stems("remboursement rembourser remboursé remboursée remboursements", "fr")).containsOnly("rembours");
        assertThat(stems("refusée refusee refusés", "fr")).containsOnly("refus");
    }

    @Test
    void shouldGiveTheFormsOfAnEnglishWordOneStem() {
        assertThat(stems("renewal renewed renewing renews", "en")).containsOnly("renew");
        assertThat(stems("applications application", "en")).containsOnly("applic");
    }

    @Test
    void shouldStemOnlyInTheLanguageOfThePost() {
        // a French stemmer would cut "benefits" and "insurance"; without a language nothing is cut but the plural
        assertThat(stems("benefits insurance", "und")).containsExactly("benefit", "insurance");
        assertThat(stems("benefits insurance", "en")).containsExactly("benefit", "insur");
    }

    @Test
    void shouldLeaveAcronymsAndShortWordsAlone() {
        assertThat(stems("CRA EI SIN les pas", "fr")).containsExactly("cra", "ei", "sin", "les", "pas");
    }

    private static List<String> stems(String text, String language) {
        return TextAnalyzer.analyze(text).tokens().stream().map(t -> Stemmer.stem(t, language)).toList();
    }
}
