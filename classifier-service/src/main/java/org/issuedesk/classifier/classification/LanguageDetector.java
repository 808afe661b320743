package org.issuedesk.classifier.classification;

import java.util.Locale;
import java.util.Set;

import org.issuedesk.classifier.classification.TextAnalyzer.AnalyzedText;
import org.issuedesk.classifier.classification.TextAnalyzer.Token;

/**
 * English or French by counting each language's stop words (accents folded, elisions already
 * dropped). A tie, including a text with none, goes to French if the text has a French letter (é,
 * è, à, ç...), else to the language the platform claims, and to "und" when it claims neither. Words
 * common to both languages ("a", "on", "me", "son", "plus") are left out of the lists so they cannot vote.
 */
final class LanguageDetector {

    static final String ENGLISH = "en";
    static final String FRENCH = "fr";
    static final String UNDETERMINED = "und";

    private static final Set<String> EN = Set.of(
            "the", "and", "is", "are", "was", "were", "to", "of", "in", "my", "i", "you", "it", "that", "this",
            "for", "with", "have", "has", "had", "not", "but", "what", "when", "how", "why", "just", "they",
            "be", "will", "can", "do", "does", "did", "get", "got", "from", "about", "at", "your", "after",
            "still", "been", "any", "if", "or", "so", "we", "our", "there", "their", "by", "no", "all",
            "would", "should", "who", "where", "which", "them", "he", "she", "his", "her", "than", "then",
            "im", "dont", "its", "up", "out", "now", "new");

    private static final Set<String> FR = Set.of(
            "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "sont", "pour", "pas", "que", "qui",
            "dans", "sur", "avec", "au", "aux", "ce", "cette", "ces", "mon", "ma", "mes", "je", "tu", "il",
            "elle", "nous", "vous", "ils", "elles", "ont", "mais", "ou", "tres", "ca", "pis", "faut",
            "leur", "leurs", "sa", "ses", "se", "ne", "par", "ete", "avait", "avoir", "etre", "fait",
            "quand", "comment", "pourquoi", "toujours", "encore", "aussi", "notre", "votre", "moi", "toi",
            "rien", "ya", "y");

    record Guess(String language, int englishVotes, int frenchVotes, boolean fromDeclared) {

        String evidence() {
            if (fromDeclared) {
                return "language \"" + language + "\" (as the platform declared; stop words en " + englishVotes
                        + ", fr " + frenchVotes + ")";
            }
            if (UNDETERMINED.equals(language)) {
                return "language \"und\" (no stop words decide it and the platform declared none)";
            }
            return "language \"" + language + "\" (stop words en " + englishVotes + ", fr " + frenchVotes + ")";
        }
    }

    Guess detect(AnalyzedText text, String declared) {
        int en = 0;
        int fr = 0;
        for (Token token : text.tokens()) {
            if (EN.contains(token.folded())) {
                en++;
            } else if (FR.contains(token.folded())) {
                fr++;
            }
        }
        if (en != fr) {
            return new Guess(en > fr ? ENGLISH : FRENCH, en, fr, false);
        }
        if (hasFrenchLetter(text.raw())) {
            // a short post with no stop word ("Délai ridicule", "Chèque reçu!"): English rarely writes these
            return new Guess(FRENCH, en, fr + 1, false);
        }
        String fallback = normalise(declared);
        return fallback == null ? new Guess(UNDETERMINED, en, fr, false) : new Guess(fallback, en, fr, true);
    }

    private static final String FRENCH_LETTERS = "éèêàâçùûîôëïœÉÈÊÀÂÇÙÛÎÔ";

    private static boolean hasFrenchLetter(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (FRENCH_LETTERS.indexOf(raw.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** "en", "EN", "en-CA", "fr_CA" → "en" or "fr"; anything else → null. */
    static String normalise(String declared) {
        if (declared == null) {
            return null;
        }
        String primary = declared.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return ENGLISH.equals(primary) || FRENCH.equals(primary) ? primary : null;
    }
}
