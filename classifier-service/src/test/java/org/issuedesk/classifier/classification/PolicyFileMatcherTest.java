package org.issuedesk.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.issuedesk.classifier.ClassifierProperties;
import org.issuedesk.classifier.registry.PolicyFileRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** Misspelt registry terms on the shipped registry: one letter off, in the post's language only. */
class PolicyFileMatcherTest {

    private static final PolicyFileMatcher MATCHER = new PolicyFileMatcher(
            new PolicyFileRegistry(new ClassifierProperties(null, null, null), new DefaultResourceLoader()).all(), true);

    @Test
    void shouldNotReadAFrenchWordAsAMisspeltEnglishTerm() {
        // Given French "refusée" (folded "refusee"), one letter off the English term "refugee"
        String post = "Assurance voyage refusée après l'annulation de mon vol. Plus jamais avec eux.";

        // When / Then in a French post it is not the term; read as an English post it would be
        assertThat(terms(post, "fr")).noneMatch(term -> term.contains("refugee"));
        assertThat(terms(post, "en")).anyMatch(term -> term.equals("term \"refugee\" (en) misspelt \"refusée\""));
    }

    @Test
    void shouldStillReadMisspeltTermsOfThePostsLanguage() {
        assertThat(terms("Waiting 3 months for my passpport renewal", "en")).anyMatch(t -> t.contains("misspelt \"passpport\""));
        assertThat(terms("Mon passeprt est en retard", "fr")).anyMatch(t -> t.contains("misspelt \"passeprt\""));
    }

    @Test
    void shouldMatchExactTermsOfEitherLanguageWhateverThePostsLanguage() {
        // code-switching: an English term in a French post still counts when written right
        assertThat(terms("Mon refugee claim est bloqué depuis un an", "fr")).contains("term \"refugee\" (en)");
    }

    private static List<String> terms(String text, String language) {
        return MATCHER.match(TextAnalyzer.analyze(text), language).stream()
                .flatMap(file -> file.terms().stream()).map(PolicyFileMatcher.Term::evidence).toList();
    }
}
