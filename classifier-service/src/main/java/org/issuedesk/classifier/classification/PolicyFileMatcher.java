package org.issuedesk.classifier.classification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.issuedesk.classifier.classification.TextAnalyzer.AnalyzedText;
import org.issuedesk.classifier.classification.TextAnalyzer.Token;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;

/**
 * Finds the registry terms of every policy file in a post, in both languages whatever the post's
 * language, and scores each file: a term counts once however often it appears, and weighs as many
 * points as it has words (a phrase is more specific than a word). A hashtag term ({@code #CPP})
 * matches that hashtag and weighs one point.
 */
final class PolicyFileMatcher {

    /** A term of one file, with the languages whose lists hold it. */
    record Term(String fileId, int fileOrder, String source, Set<String> languages, Phrase phrase, String hashtag,
            String misspelt) {

        /** A misspelt match counts less: one letter off may be another word. */
        static final double MISSPELT_WEIGHT = 0.7;

        double weight() {
            return misspelt != null ? MISSPELT_WEIGHT : hashtag != null ? 1.0 : phrase.words().size();
        }

        String evidence() {
            return "term \"" + source + "\" (" + String.join(", ", languages) + ")"
                    + (misspelt == null ? "" : " misspelt \"" + misspelt + "\"");
        }

        Term misspeltAs(String original) {
            return new Term(fileId, fileOrder, source, languages, phrase, hashtag, original);
        }
    }

    /** Words shorter than this are not matched with a letter off: too many real words are that close. */
    private static final int MIN_FUZZY_LENGTH = 5;
    /** One-word terms by their key and by every key with one letter deleted (a symmetric-delete index). */
    private final Map<String, List<Term>> fuzzyIndex = new HashMap<>();

    /** The score of one file in one post. */
    record FileScore(String fileId, int fileOrder, double score, List<Term> terms) {
    }

    private final Map<String, List<Term>> phrasesByFirstKey = new HashMap<>();
    private final List<Term> hashtagTerms = new ArrayList<>();

    PolicyFileMatcher(List<PolicyFileDefinition> definitions) {
        this(definitions, false);
    }

    /** @param misspellings whether one-word terms also match with one letter off ("pasport", "pensoin") */
    PolicyFileMatcher(List<PolicyFileDefinition> definitions, boolean misspellings) {
        for (int order = 0; order < definitions.size(); order++) {
            for (Term term : compile(definitions.get(order), order)) {
                if (term.hashtag() != null) {
                    hashtagTerms.add(term);
                } else {
                    phrasesByFirstKey.computeIfAbsent(term.phrase().firstKey(), k -> new ArrayList<>()).add(term);
                    if (misspellings && term.phrase().words().size() == 1 && !term.phrase().words().get(0).acronym()
                            && term.phrase().firstKey().length() >= MIN_FUZZY_LENGTH) {
                        String key = term.phrase().firstKey();
                        fuzzyIndex.computeIfAbsent(key, k -> new ArrayList<>()).add(term);
                        for (int i = 0; i < key.length(); i++) {
                            fuzzyIndex.computeIfAbsent(deleteAt(key, i), k -> new ArrayList<>()).add(term);
                        }
                    }
                }
            }
        }
    }

    /**
     * The text without the words of any registry term (and without term hashtags): what a post that
     * refers to a file without naming it looks like. Keeps a question mark and emoji, which are cues.
     */
    String withoutTerms(AnalyzedText text) {
        List<Token> tokens = text.tokens();
        boolean[] drop = new boolean[tokens.size()];
        boolean any = false;
        for (int i = 0; i < tokens.size(); i++) {
            for (Term term : phrasesByFirstKey.getOrDefault(tokens.get(i).key(), List.of())) {
                if (term.phrase().matchesAt(tokens, i)) {
                    for (int k = 0; k < term.phrase().words().size(); k++) {
                        drop[i + k] = true;
                    }
                    any = true;
                }
            }
        }
        Set<String> termTags = new java.util.HashSet<>();
        hashtagTerms.forEach(t -> termTags.add(t.hashtag()));
        if (!any && text.hashtags().stream().noneMatch(termTags::contains)) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (!drop[i] && !termTags.contains(tokens.get(i).folded())) {
                out.append(tokens.get(i).original()).append(' ');
            }
        }
        String raw = text.raw();
        if (raw.indexOf('?') >= 0) {
            out.append(raw.contains("??") ? "?? " : "? ");
        }
        raw.codePoints().filter(cp -> Character.getType(cp) == Character.OTHER_SYMBOL)
                .forEach(cp -> out.appendCodePoint(cp).append(' '));
        return out.toString().trim();
    }

    /** The files whose terms occur in the text, best first (then in registry order); misspellings in any language. */
    List<FileScore> match(AnalyzedText text) {
        return match(text, LanguageDetector.UNDETERMINED);
    }

    /**
     * The files whose terms occur in the text, best first (then in registry order). A term matches
     * exactly whatever the post's language, but a misspelling only of a term of the post's language
     * (any language when it is "und"): one letter off across languages is usually another word
     * (French "refusée" is not a misspelt "refugee", nor "pension" a misspelt "passion").
     */
    List<FileScore> match(AnalyzedText text, String language) {
        Set<Term> found = new LinkedHashSet<>();
        List<Token> tokens = text.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            for (Term term : phrasesByFirstKey.getOrDefault(tokens.get(i).key(), List.of())) {
                if (term.phrase().matchesAt(tokens, i)) {
                    found.add(term);
                }
            }
        }
        for (Term term : hashtagTerms) {
            if (text.hashtags().contains(term.hashtag())) {
                found.add(term);
            }
        }
        if (!fuzzyIndex.isEmpty()) {
            matchMisspelt(tokens, found, language);
        }
        Map<String, List<Term>> byFile = new LinkedHashMap<>();
        found.forEach(term -> byFile.computeIfAbsent(term.fileId(), k -> new ArrayList<>()).add(term));
        return byFile.values().stream()
                .map(terms -> new FileScore(terms.get(0).fileId(), terms.get(0).fileOrder(),
                        terms.stream().mapToDouble(Term::weight).sum(), List.copyOf(terms)))
                .sorted(Comparator.comparingDouble(FileScore::score).reversed()
                        .thenComparing(Comparator.comparingInt((FileScore s) -> s.terms().size()).reversed())
                        .thenComparingInt(FileScore::fileOrder))
                .toList();
    }

    /** One-word terms written with one letter wrong, missing, extra or two letters swapped. */
    private void matchMisspelt(List<Token> tokens, Set<Term> found, String language) {
        boolean anyLanguage = !LanguageDetector.ENGLISH.equals(language) && !LanguageDetector.FRENCH.equals(language);
        Set<String> exact = new java.util.HashSet<>();
        found.forEach(term -> exact.add(term.fileId() + term.source()));
        int limit = Math.min(tokens.size(), 400);
        for (int t = 0; t < limit; t++) {
            Token token = tokens.get(t);
            String key = token.key();
            if (key.length() < MIN_FUZZY_LENGTH || key.length() > 30 || phrasesByFirstKey.containsKey(key)) {
                continue;
            }
            for (int i = -1; i < key.length(); i++) {
                List<Term> candidates = fuzzyIndex.get(i < 0 ? key : deleteAt(key, i));
                if (candidates == null) {
                    continue;
                }
                for (Term term : candidates) {
                    if (!exact.contains(term.fileId() + term.source())
                            && (anyLanguage || term.languages().contains(language))
                            && withinOneEdit(key, term.phrase().firstKey())) {
                        exact.add(term.fileId() + term.source());
                        found.add(term.misspeltAs(token.original()));
                    }
                }
            }
        }
    }

    private static String deleteAt(String s, int i) {
        return s.substring(0, i) + s.substring(i + 1);
    }

    /** Optimal string alignment distance of at most one (a swap of neighbours counts as one). */
    static boolean withinOneEdit(String a, String b) {
        if (a.equals(b)) {
            return false; // an exact match is not a misspelling
        }
        int la = a.length(), lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        int i = 0;
        while (i < Math.min(la, lb) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (la == lb) {
            if (a.substring(i + 1).equals(b.substring(i + 1))) {
                return true; // one substitution
            }
            return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2)); // one swap
        }
        return la > lb ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(b.substring(i + 1));
    }

    /** The file's terms of every language; a term listed in both languages ("visa", "IRCC") is one term. */
    private static List<Term> compile(PolicyFileDefinition definition, int order) {
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, Set<String>> languages = new LinkedHashMap<>();
        Map<String, Phrase> phrases = new HashMap<>();
        Map<String, String> hashtags = new HashMap<>();
        for (String language : new TreeSet<>(definition.terms().keySet())) {
            for (String source : definition.terms().get(language)) {
                String identity;
                if (source.startsWith("#") && source.length() > 1) {
                    String tag = TextAnalyzer.fold(source.substring(1));
                    identity = "#" + tag;
                    hashtags.put(identity, tag);
                } else {
                    Phrase phrase = Phrase.of(source);
                    if (phrase.isEmpty()) {
                        continue; // punctuation only: nothing to match
                    }
                    identity = phrase.identity();
                    phrases.put(identity, phrase);
                }
                sources.putIfAbsent(identity, source);
                languages.computeIfAbsent(identity, k -> new TreeSet<>()).add(language);
            }
        }
        List<Term> terms = new ArrayList<>();
        sources.forEach((identity, source) -> terms.add(new Term(definition.id(), order, source,
                languages.get(identity), phrases.get(identity), hashtags.get(identity), null)));
        return terms;
    }
}
