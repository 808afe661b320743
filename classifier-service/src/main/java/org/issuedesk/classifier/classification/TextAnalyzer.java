package org.issuedesk.classifier.classification;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a post (or a registry term, so both sides are read alike) into word tokens:
 * <ul>
 * <li>hashtags are kept aside and also split into words on camel case and digits
 * ({@code #PhoenixPay} → {@code Phoenix Pay});</li>
 * <li>French elisions are dropped ({@code l'assurance-emploi} → {@code assurance emploi},
 * {@code d'AE} → {@code AE});</li>
 * <li>words are runs of letters and digits, so hyphens, slashes and punctuation separate them;</li>
 * <li>each token keeps its original spelling (acronyms match on it) and a match key: lower case,
 * accents folded, a final plural {@code s} dropped.</li>
 * </ul>
 * Stemming proper (per language) is left to a later classifier.
 */
public final class TextAnalyzer {

    /** Work is bounded on abusive input; real posts are far shorter. */
    static final int MAX_CHARS = 50_000;

    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{M}\\p{N}&])#([\\p{L}\\p{M}\\p{N}_]+)");
    private static final Pattern CAMEL_CASE = Pattern.compile(
            "(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})|(?<=\\p{L})(?=\\p{N})|(?<=\\p{N})(?=\\p{L})|_");
    private static final Pattern ELISION = Pattern.compile(
            "(?<![\\p{L}\\p{M}\\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’](?=\\p{L})",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern ACRONYM = Pattern.compile("\\p{Lu}[\\p{Lu}\\p{N}]{1,4}");

    private TextAnalyzer() {
    }

    /**
     * One word of a text.
     *
     * @param original as written
     * @param folded   lower case, accents folded
     * @param key      what words are compared on: {@code folded} without a plural "s"
     * @param acronym  a short all-caps word such as EI, CPP or IRCC
     */
    public record Token(String original, String folded, String key, boolean acronym) {
    }

    /**
     * @param raw      the text as given (possibly cut at {@link #MAX_CHARS})
     * @param tokens   its words, in order
     * @param hashtags its hashtags without '#', folded like a token
     */
    public record AnalyzedText(String raw, List<Token> tokens, Set<String> hashtags) {
    }

    public static AnalyzedText analyze(String text) {
        String raw = text == null ? "" : cut(text);
        Set<String> hashtags = new LinkedHashSet<>();
        // The two look-behind patterns are tried at every character, which made them most of a post's
        // classification time: skip each where its one required character is absent (same result).
        CharSequence expanded = raw;
        if (raw.indexOf('#') >= 0) {
            StringBuilder replaced = new StringBuilder(raw.length() + 16);
            Matcher hashtag = HASHTAG.matcher(raw);
            while (hashtag.find()) {
                hashtags.add(fold(hashtag.group(1)));
                String words = String.join(" ", CAMEL_CASE.split(hashtag.group(1)));
                hashtag.appendReplacement(replaced, Matcher.quoteReplacement(" " + words + " "));
            }
            hashtag.appendTail(replaced);
            expanded = replaced;
        }
        CharSequence words = hasApostrophe(expanded) ? ELISION.matcher(expanded).replaceAll("") : expanded;
        List<Token> tokens = new ArrayList<>();
        Matcher word = WORD.matcher(words);
        while (word.find()) {
            tokens.add(token(word.group()));
        }
        return new AnalyzedText(raw, List.copyOf(tokens), Set.copyOf(hashtags));
    }

    static Token token(String original) {
        String folded = fold(original);
        return new Token(original, folded, dropPlural(folded), ACRONYM.matcher(original).matches());
    }

    /** Lower case without accents: "Sécurité" → "securite", "sœur" → "soeur". */
    public static String fold(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (isAscii(lower)) {
            return lower; // nothing to decompose or ligate: most words of most posts
        }
        lower = lower.replace("œ", "oe").replace("æ", "ae");
        return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasApostrophe(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '’') {
                return true;
            }
        }
        return false;
    }

    /** passports → passport, passeports → passeport; "class" and short words stay as they are. */
    private static String dropPlural(String folded) {
        return folded.length() > 3 && folded.endsWith("s") && !folded.endsWith("ss")
                ? folded.substring(0, folded.length() - 1) : folded;
    }

    private static String cut(String text) {
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return text.substring(0, end);
    }
}
