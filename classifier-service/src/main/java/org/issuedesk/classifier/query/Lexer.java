package org.issuedesk.classifier.query;

import java.util.ArrayList;
import java.util.List;

import org.issuedesk.classifier.classification.TextAnalyzer;

/** Splits a topic query into lexemes, each with its position for error messages. */
final class Lexer {

    enum Type { LPAREN, RPAREN, AND, OR, NOT, NEAR, WORD, PHRASE, HASHTAG, MENTION }

    record Lexeme(Type type, String text, int position, int distance) {
    }

    /** NEAR/n beyond this is no longer "near". */
    static final int MAX_DISTANCE = 50;

    private Lexer() {
    }

    static List<Lexeme> tokens(String query) {
        List<Lexeme> lexemes = new ArrayList<>();
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                lexemes.add(new Lexeme(Type.LPAREN, "(", i++, 0));
            } else if (c == ')') {
                lexemes.add(new Lexeme(Type.RPAREN, ")", i++, 0));
            } else if (c == '"' || c == '“' || c == '”' || c == '«') {
                int close = closingQuote(query, i + 1);
                if (close < 0) {
                    throw new QuerySyntaxException("the quoted phrase is not closed", i);
                }
                lexemes.add(new Lexeme(Type.PHRASE, query.substring(i + 1, close), i, 0));
                i = close + 1;
            } else if (c == '#' || c == '@') {
                int start = i + 1;
                int end = start;
                while (end < n && (Character.isLetterOrDigit(query.charAt(end)) || query.charAt(end) == '_')) {
                    end++;
                }
                if (end == start) {
                    throw new QuerySyntaxException("'" + c + "' must be followed by a name", i);
                }
                String name = query.substring(start, end);
                lexemes.add(c == '#'
                        ? new Lexeme(Type.HASHTAG, TextAnalyzer.fold(name), i, 0)
                        : new Lexeme(Type.MENTION, name.toLowerCase(java.util.Locale.ROOT), i, 0));
                i = end;
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && (isWordChar(query.charAt(i)) || query.charAt(i) == '/')) {
                    i++;
                }
                lexemes.add(word(query.substring(start, i), start));
            } else {
                throw new QuerySyntaxException("unexpected character '" + c + "'", i);
            }
        }
        return lexemes;
    }

    private static Lexeme word(String text, int position) {
        switch (text) {
            case "AND":
                return new Lexeme(Type.AND, text, position, 0);
            case "OR":
                return new Lexeme(Type.OR, text, position, 0);
            case "NOT":
                return new Lexeme(Type.NOT, text, position, 0);
            default:
                break;
        }
        if (text.startsWith("NEAR")) {
            String rest = text.substring(4);
            if (!rest.matches("/\\d{1,3}")) {
                throw new QuerySyntaxException("NEAR needs a distance in words, like NEAR/5", position + 4);
            }
            int distance = Integer.parseInt(rest.substring(1));
            if (distance < 1 || distance > MAX_DISTANCE) {
                throw new QuerySyntaxException("the NEAR distance must be 1 to " + MAX_DISTANCE, position + 5);
            }
            return new Lexeme(Type.NEAR, text, position, distance);
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            throw new QuerySyntaxException("unexpected '/'", position + slash);
        }
        if (text.indexOf('*') >= 0) {
            String folded = TextAnalyzer.fold(text).replaceAll("[^\\p{L}\\p{N}*]", "");
            if (folded.replace("*", "").length() < 2) {
                throw new QuerySyntaxException("a wildcard needs at least two letters", position);
            }
            return new Lexeme(Type.WORD, folded, position, 0);
        }
        // a word with hyphens or an elision reads like a phrase: "assurance-emploi", "l'ARC"
        return new Lexeme(Type.PHRASE, text, position, 0);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '*' || c == '\'' || c == '’' || c == '-' || c == '.' || c == '_';
    }

    private static int closingQuote(String query, int from) {
        for (int i = from; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '"' || c == '”' || c == '»') {
                return i;
            }
        }
        return -1;
    }
}
