package org.issuedesk.classifier.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.issuedesk.classifier.classification.TextAnalyzer;
import org.issuedesk.classifier.classification.TextAnalyzer.AnalyzedText;
import org.issuedesk.classifier.classification.TextAnalyzer.Token;

/**
 * A Boolean topic query in the style of social-listening tools, for an analyst to describe a policy file:
 * <pre>
 *   ("EI" OR "employment insurance" OR pogey) AND (claim* OR report*) NOT "Phoenix Suns"
 *   (passeport* OR "bureau des passeports") NEAR/5 (attente OR file) OR #passeport
 *   @ServiceCanada_E AND (ROE OR "record of employment")
 * </pre>
 * Words match as whole words, ignoring case, accents and a plural s; {@code *} is a wildcard for any
 * letters ({@code renouvel*}); a quoted phrase matches word for word; {@code NEAR/n} needs both sides
 * within n words; {@code #tag} a hashtag; {@code @name} a mention. Juxtaposed terms are ANDed; the
 * precedence is NOT, NEAR, AND, OR. A query that cannot be parsed throws {@link QuerySyntaxException}
 * with the position (0-based) of the error.
 */
public final class TopicQuery {

    /** Bounds an analyst's query so matching stays cheap. */
    public static final int MAX_LENGTH = 4_000;

    private final String source;
    private final Node root;

    private TopicQuery(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    public static TopicQuery parse(String query) {
        if (query == null || query.isBlank()) {
            throw new QuerySyntaxException("the query is empty", 0);
        }
        if (query.length() > MAX_LENGTH) {
            throw new QuerySyntaxException("the query is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        Parser parser = new Parser(Lexer.tokens(query), query.length());
        Node root = parser.or();
        if (!parser.atEnd()) {
            Lexer.Lexeme extra = parser.peek();
            throw new QuerySyntaxException("unexpected " + describe(extra), extra.position());
        }
        return new TopicQuery(query, root);
    }

    public String source() {
        return source;
    }

    public boolean matches(String text) {
        return matches(TextAnalyzer.analyze(text));
    }

    public boolean matches(AnalyzedText text) {
        return root.matches(text);
    }

    private static String describe(Lexer.Lexeme lexeme) {
        return switch (lexeme.type()) {
            case RPAREN -> "')'";
            case LPAREN -> "'('";
            default -> "'" + lexeme.text() + "'";
        };
    }

    /** A part of a query. Positions are the token indexes where the part starts (for NEAR). */
    private interface Node {

        boolean matches(AnalyzedText text);

        default List<Integer> positions(AnalyzedText text) {
            return matches(text) ? List.of(-1) : List.of();
        }
    }

    private record Word(String pattern, String prefix) implements Node {

        /** A pattern that ends with its only '*' is a prefix, matched without backtracking. */
        Word(String pattern) {
            this(pattern, pattern.indexOf('*') == pattern.length() - 1 ? pattern.substring(0, pattern.length() - 1) : null);
        }

        @Override
        public boolean matches(AnalyzedText text) {
            for (Token token : text.tokens()) {
                if (matches(token)) {
                    return true;
                }
            }
            return false;
        }

        boolean matches(Token token) {
            return prefix != null ? token.folded().startsWith(prefix) : wordMatches(pattern, token);
        }

        @Override
        public List<Integer> positions(AnalyzedText text) {
            List<Integer> found = List.of(); // most words of a query are in no post: no list for them
            List<Token> tokens = text.tokens();
            for (int i = 0; i < tokens.size(); i++) {
                if (matches(tokens.get(i))) {
                    if (found.isEmpty()) {
                        found = new ArrayList<>();
                    }
                    found.add(i);
                }
            }
            return found;
        }
    }

    private record PhraseNode(List<String> words) implements Node {

        @Override
        public boolean matches(AnalyzedText text) {
            return !positions(text).isEmpty();
        }

        @Override
        public List<Integer> positions(AnalyzedText text) {
            List<Integer> found = new ArrayList<>();
            List<Token> tokens = text.tokens();
            outer:
            for (int i = 0; i + words.size() <= tokens.size(); i++) {
                for (int k = 0; k < words.size(); k++) {
                    if (!wordMatches(words.get(k), tokens.get(i + k))) {
                        continue outer;
                    }
                }
                found.add(i);
            }
            return found;
        }
    }

    private record Hashtag(String tag) implements Node {

        @Override
        public boolean matches(AnalyzedText text) {
            return text.hashtags().contains(tag);
        }
    }

    private record Mention(String name) implements Node {

        @Override
        public boolean matches(AnalyzedText text) {
            String raw = text.raw().toLowerCase(Locale.ROOT);
            int at = raw.indexOf('@' + name);
            while (at >= 0) {
                int end = at + 1 + name.length();
                if (end >= raw.length() || !(Character.isLetterOrDigit(raw.charAt(end)) || raw.charAt(end) == '_')) {
                    return true;
                }
                at = raw.indexOf('@' + name, at + 1);
            }
            return false;
        }
    }

    private record And(Node left, Node right) implements Node {

        @Override
        public boolean matches(AnalyzedText text) {
            return left.matches(text) && right.matches(text);
        }
    }

    private record Or(Node left, Node right) implements Node {

        @Override
        public boolean matches(AnalyzedText text) {
            return left.matches(text) || right.matches(text);
        }

        @Override
        public List<Integer> positions(AnalyzedText text) {
            List<Integer> lefts = left.positions(text);
            List<Integer> rights = right.positions(text);
            if (lefts.isEmpty() || rights.isEmpty()) {
                return lefts.isEmpty() ? rights : lefts; // no copy: nothing changes a list of positions
            }
            List<Integer> all = new ArrayList<>(lefts);
            all.addAll(rights);
            return all;
        }
    }

    private record Not(Node operand) implements Node {

        @Override
        public boolean matches(AnalyzedText text) {
            return !operand.matches(text);
        }
    }

    private record Near(Node left, Node right, int distance) implements Node {

        @Override
        public boolean matches(AnalyzedText text) {
            return !positions(text).isEmpty();
        }

        @Override
        public List<Integer> positions(AnalyzedText text) {
            List<Integer> rights = right.positions(text);
            if (rights.isEmpty()) {
                // most posts have no word of one side: do not look for the other side then
                return List.of();
            }
            List<Integer> found = new ArrayList<>();
            for (int l : left.positions(text)) {
                for (int r : rights) {
                    if (l >= 0 && r >= 0 && Math.abs(l - r) <= distance) {
                        found.add(Math.min(l, r));
                    }
                }
            }
            return found;
        }
    }

    /** A word of a query against a token: the match key, or a wildcard over the folded word. */
    private static boolean wordMatches(String pattern, Token token) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(token.key()) || pattern.equals(token.folded());
        }
        return wildcard(pattern, 0, token.folded(), 0);
    }

    private static boolean wildcard(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (wildcard(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    /** Recursive descent over the lexemes: or := and (OR and)*; and := not ([AND] not)*; not := NOT not | near. */
    private static final class Parser {

        private static final int MAX_DEPTH = 100;
        private final List<Lexer.Lexeme> lexemes;
        private final int end;
        private int next;
        private int depth;

        Parser(List<Lexer.Lexeme> lexemes, int end) {
            this.lexemes = lexemes;
            this.end = end;
        }

        boolean atEnd() {
            return next >= lexemes.size();
        }

        Lexer.Lexeme peek() {
            return lexemes.get(next);
        }

        private boolean at(Lexer.Type type) {
            return !atEnd() && peek().type() == type;
        }

        Node or() {
            Node left = and();
            while (at(Lexer.Type.OR)) {
                next++;
                left = new Or(left, and());
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (!atEnd() && !at(Lexer.Type.OR) && !at(Lexer.Type.RPAREN)) {
                if (at(Lexer.Type.AND)) {
                    next++;
                }
                left = new And(left, not());
            }
            return left;
        }

        private Node not() {
            if (at(Lexer.Type.NOT)) {
                next++;
                return new Not(not());
            }
            return near();
        }

        private Node near() {
            Node left = primary();
            while (at(Lexer.Type.NEAR)) {
                int distance = peek().distance();
                next++;
                left = new Near(left, primary(), distance);
            }
            return left;
        }

        private Node primary() {
            if (atEnd()) {
                throw new QuerySyntaxException("the query ends where a term or '(' is expected", end);
            }
            Lexer.Lexeme lexeme = lexemes.get(next++);
            switch (lexeme.type()) {
                case LPAREN -> {
                    if (++depth > MAX_DEPTH) {
                        throw new QuerySyntaxException("parentheses nested deeper than " + MAX_DEPTH, lexeme.position());
                    }
                    Node inner = or();
                    if (!at(Lexer.Type.RPAREN)) {
                        throw new QuerySyntaxException("'(' is not closed", lexeme.position());
                    }
                    next++;
                    depth--;
                    return inner;
                }
                case WORD -> {
                    return new Word(lexeme.text());
                }
                case PHRASE -> {
                    List<String> words = TextAnalyzer.analyze(lexeme.text()).tokens().stream().map(Token::key).toList();
                    if (words.isEmpty()) {
                        throw new QuerySyntaxException("the phrase has no words", lexeme.position());
                    }
                    return words.size() == 1 ? new Word(words.get(0)) : new PhraseNode(words);
                }
                case HASHTAG -> {
                    return new Hashtag(lexeme.text());
                }
                case MENTION -> {
                    return new Mention(lexeme.text());
                }
                default -> throw new QuerySyntaxException("expected a term or '(' but found " + describe(lexeme),
                        lexeme.position());
            }
        }
    }
}
