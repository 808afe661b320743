package org.issuedesk.classifier.classification;

import java.util.Locale;

import org.apache.lucene.analysis.fr.FrenchLightStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * Per-language stems of words, from Lucene's analyzers: French by {@link FrenchLightStemmer}
 * ("remboursement"/"rembourser"/"remboursé" → "rembours"), English by Snowball (Porter2:
 * "renewal"/"renewed"/"renewing" → "renew"). A word of a post in no known language is not stemmed: a
 * French stemmer on English words (or the reverse) conflates words that have nothing in common.
 * The stem is folded like a token's key, so "refusée" and "refusees" share one.
 */
final class Stemmer {

    /** Snowball's stemmers keep the word being stemmed in a field: one per thread. */
    private static final ThreadLocal<EnglishStemmer> ENGLISH = ThreadLocal.withInitial(EnglishStemmer::new);
    /** Lucene's light stemmers are stateless. */
    private static final FrenchLightStemmer FRENCH = new FrenchLightStemmer();

    private Stemmer() {
    }

    /** The stem of one word (as written) in a language ("en", "fr"); any other language: its key. */
    static String stem(TextAnalyzer.Token token, String language) {
        if (token.acronym() || token.folded().length() < 4) {
            return token.key();
        }
        if (LanguageDetector.FRENCH.equals(language)) {
            // the light stemmer reads accents (é, è, ê...) itself: give it the word in lower case
            char[] chars = token.original().toLowerCase(Locale.ROOT).toCharArray();
            int length = FRENCH.stem(chars, chars.length);
            return TextAnalyzer.fold(new String(chars, 0, length));
        }
        if (LanguageDetector.ENGLISH.equals(language)) {
            EnglishStemmer english = ENGLISH.get();
            english.setCurrent(token.folded());
            english.stem();
            return english.getCurrent();
        }
        return token.key();
    }
}
