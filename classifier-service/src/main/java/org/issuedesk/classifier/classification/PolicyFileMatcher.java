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
    record Term(String fileId, int fileOrder, String source, Set<String> languages, Phrase phrase, String hashtag) {

        double weight() {
            return hashtag != null ? 1.0 : phrase.words().size();
        }

        String evidence() {
            return "term \"" + source + "\" (" + String.join(", ", languages) + ")";
        }
    }

    /** The score of one file in one post. */
    record FileScore(String fileId, int fileOrder, double score, List<Term> terms) {
    }

    private final Map<String, List<Term>> phrasesByFirstKey = new HashMap<>();
    private final List<Term> hashtagTerms = new ArrayList<>();

    PolicyFileMatcher(List<PolicyFileDefinition> definitions) {
        for (int order = 0; order < definitions.size(); order++) {
            for (Term term : compile(definitions.get(order), order)) {
                if (term.hashtag() != null) {
                    hashtagTerms.add(term);
                } else {
                    phrasesByFirstKey.computeIfAbsent(term.phrase().firstKey(), k -> new ArrayList<>()).add(term);
                }
            }
        }
    }

    /** The files whose terms occur in the text, best first (then in registry order). */
    List<FileScore> match(AnalyzedText text) {
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
                languages.get(identity), phrases.get(identity), hashtags.get(identity))));
        return terms;
    }
}
