package org.issuedesk.classifier.classification;

import java.util.List;
import java.util.Map;

import org.issuedesk.classifier.classification.PolicyFileMatcher.FileScore;
import org.issuedesk.classifier.classification.TextAnalyzer.AnalyzedText;
import org.issuedesk.classifier.classification.TextAnalyzer.Token;
import org.issuedesk.contracts.classifier.IssueKind;

/**
 * Hashed features of a post, for the linear models of {@link HybridClassifier}:
 * <ul>
 * <li>words (match keys), their stem in the post's language ({@link Stemmer}, Lucene's French light
 * and Snowball English stemmers) when it differs, a 5-letter prefix of long words (a stemmer that
 * serves both languages and a post whose language is wrong), and word pairs;</li>
 * <li>character 3- and 4-grams of each word, so a misspelt word ("pasport", "asurance") still
 * shares most of its features with the right spelling;</li>
 * <li>the registry terms that matched, per policy file (the analyst's knowledge as a feature);</li>
 * <li>issue-kind cue points, a question mark, the language, and a bias.</li>
 * </ul>
 * The text features are scaled to unit length; the others keep their values.
 */
final class Features {

    static final int BITS = 18;
    static final int DIMENSION = 1 << BITS;
    private static final int MASK = DIMENSION - 1;
    /** Words beyond this many are not read: the first part of a post says what it is about. */
    private static final int MAX_TOKENS = 400;

    private Features() {
    }

    static SparseVector extract(AnalyzedText text, String language, List<FileScore> files,
            Map<IssueKind, Double> cues) {
        SparseVector x = new SparseVector();
        List<Token> tokens = text.tokens();
        int count = Math.min(tokens.size(), MAX_TOKENS);
        String previous = null;
        for (int i = 0; i < count; i++) {
            String key = tokens.get(i).key();
            x.add(hash('w', key, 0, key.length()), 1.0f);
            if (key.length() >= 7) {
                x.add(hash('p', key, 0, 5), 0.6f);
            }
            // the word's stem in the post's language, where it says more than the word itself
            // (measured: stems instead of prefixes lost 0.005 on the hard tuning set; both, kept)
            String stem = Stemmer.stem(tokens.get(i), language);
            if (!stem.equals(key)) {
                x.add(hash('m', stem), 0.6f);
            }
            if (previous != null) {
                x.add(hash('b', previous + ' ' + key), 0.6f);
            }
            previous = key;
            String padded = '^' + key + '$';
            for (int n = 3; n <= 4; n++) {
                for (int start = 0; start + n <= padded.length(); start++) {
                    x.add(hash((char) ('0' + n), padded, start, start + n), 0.25f);
                }
            }
        }
        x.normalize(0);
        for (int i = 0; i < files.size(); i++) {
            FileScore file = files.get(i);
            x.add(hash('T', file.fileId()), 1.0f);
            x.add(hash('S', file.fileId()), (float) Math.min(file.score(), 4.0) / 4.0f);
            if (i == 0) {
                x.add(hash('B', file.fileId()), 1.0f);
            }
            // each term on its own too, so the model can learn that one term misleads ("Phoenix Suns")
            file.terms().forEach(term -> x.add(hash('U', term.fileId() + ':' + term.source()), 0.5f));
        }
        cues.forEach((kind, points) -> x.add(hash('K', kind.id()), (float) Math.min(points, 4.0) / 2.0f));
        x.add(hash('L', language), 0.5f);
        x.add(hash('Z', "bias"), 1.0f);
        return x;
    }

    /**
     * Features of the issue-kind model: what a post does (asks, complains, warns, thanks) rather
     * than what it is about. Words, word pairs and the first two words (interrogatives open a
     * question: "do I", "est-ce"), each cue that fired on its own (so the model learns which cues
     * to trust, "still" less than "thanks for nothing") and the cue points per kind; no character
     * n-grams or registry terms, which tell the topic and let ~200 labelled posts overfit.
     */
    static SparseVector extractKind(AnalyzedText text, String language, Map<IssueKind, Double> cues,
            Map<IssueKind, List<String>> cueLabels) {
        SparseVector x = new SparseVector();
        List<Token> tokens = text.tokens();
        int count = Math.min(tokens.size(), MAX_TOKENS);
        String previous = null;
        for (int i = 0; i < count; i++) {
            String key = tokens.get(i).key();
            x.add(hash('w', key, 0, key.length()), 1.0f);
            if (previous != null) {
                x.add(hash('b', previous + ' ' + key), 0.6f);
            }
            if (i < 2) {
                x.add(hash('f', i + key), 0.8f);
            }
            previous = key;
        }
        x.normalize(0);
        cueLabels.values().forEach(labels -> labels.forEach(label -> x.add(hash('C', label), 0.5f)));
        cues.forEach((kind, points) -> x.add(hash('K', kind.id()), (float) Math.min(points, 4.0) / 2.0f));
        String raw = text.raw().strip();
        if (raw.endsWith("?")) {
            x.add(hash('E', "?"), 1.0f);
        }
        if (raw.indexOf('!') >= 0) {
            x.add(hash('E', "!"), 0.5f);
        }
        x.add(hash('L', language), 0.5f);
        x.add(hash('Z', "bias"), 1.0f);
        return x;
    }

    static int wordFeature(String key) {
        return hash('w', key, 0, key.length());
    }

    static int hash(char kind, String s) {
        return hash(kind, s, 0, s.length());
    }

    /** FNV-1a over a kind tag and part of a string, without making a substring. */
    static int hash(char kind, CharSequence s, int from, int to) {
        int h = 0x811c9dc5;
        h = (h ^ kind) * 0x01000193;
        for (int i = from; i < to; i++) {
            h = (h ^ s.charAt(i)) * 0x01000193;
        }
        h ^= h >>> 15;
        h *= 0x2c1b3c6d;
        h ^= h >>> 12;
        return h & MASK;
    }
}
