package org.issuedesk.classifier.classification;

import java.util.List;

import org.issuedesk.classifier.classification.TextAnalyzer.Token;

/**
 * A term or cue compiled for whole-word matching: a sequence of words, each compared on its match
 * key, except short all-caps acronyms, which must appear in capitals (so "EI" does not match
 * "ei", and "SV" or "ARC" do not match ordinary words), optionally with a plural "s" ("ROEs").
 */
record Phrase(String source, List<Token> words) {

    static Phrase of(String source) {
        return new Phrase(source, TextAnalyzer.analyze(source).tokens());
    }

    boolean isEmpty() {
        return words.isEmpty();
    }

    /** The match key of the first word, to index phrases by. */
    String firstKey() {
        return words.get(0).key();
    }

    /** A key that is equal for phrases that match the same texts. */
    String identity() {
        StringBuilder id = new StringBuilder();
        for (Token word : words) {
            id.append(word.acronym() ? word.original() : word.key()).append(' ');
        }
        return id.toString();
    }

    boolean matchesAt(List<Token> tokens, int start) {
        if (start + words.size() > tokens.size()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            if (!matches(words.get(i), tokens.get(start + i))) {
                return false;
            }
        }
        return true;
    }

    boolean occursIn(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            if (matchesAt(tokens, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Token word, Token token) {
        if (word.acronym()) {
            String text = token.original();
            return text.equals(word.original()) || text.equals(word.original() + "s");
        }
        return word.key().equals(token.key());
    }
}
