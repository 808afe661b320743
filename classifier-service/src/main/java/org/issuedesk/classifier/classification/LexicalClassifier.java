package org.issuedesk.classifier.classification;

import java.util.ArrayList;
import java.util.List;

import org.issuedesk.classifier.classification.PolicyFileMatcher.FileScore;
import org.issuedesk.classifier.classification.TextAnalyzer.AnalyzedText;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;

/**
 * The first, plain classifier: the policy file whose registry terms the post names most, and the
 * issue kind its cue words suggest. Honest about what it sees: a post that names no term gets no
 * policy file, whatever it is about. Pure Java and immutable once built, so one instance serves all
 * threads.
 */
public final class LexicalClassifier implements Classifier {

    public static final String VERSION = "lexical-1";

    private final PolicyFileMatcher files;
    private final LanguageDetector languages = new LanguageDetector();
    private final IssueKindDetector kinds = new IssueKindDetector();

    public LexicalClassifier(List<PolicyFileDefinition> definitions) {
        this.files = new PolicyFileMatcher(definitions);
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Classification classify(PostText post) {
        AnalyzedText text = TextAnalyzer.analyze(post.text());
        LanguageDetector.Guess language = languages.detect(text, post.lang());
        List<String> evidence = new ArrayList<>();
        evidence.add(language.evidence());

        List<FileScore> scores = files.match(text);
        if (scores.isEmpty()) {
            // the labelling rule: a post that concerns no policy file leaves the desk nothing to answer
            evidence.add("no policy-file term matched: other");
            return new Classification(null, 0.0, IssueKind.OTHER, 1.0, language.language(), evidence, VERSION);
        }
        FileScore best = scores.get(0);
        best.terms().forEach(term -> evidence.add(term.evidence()));
        scores.stream().skip(1).forEach(other -> evidence.add(
                "also matched " + other.fileId() + " (score " + format(other.score()) + ")"));

        IssueKindDetector.Detection kind = kinds.detect(text, language.language());
        evidence.addAll(kind.evidence());
        return new Classification(best.fileId(), confidence(best, scores), kind.kind(), round(kind.confidence()),
                language.language(), evidence, VERSION);
    }

    /** The best file's share of all points, damped when there is little evidence (one word: 0.5). */
    private static double confidence(FileScore best, List<FileScore> scores) {
        double total = scores.stream().mapToDouble(FileScore::score).sum();
        return round((best.score() / total) * (best.score() / (best.score() + 1.0)));
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static String format(double score) {
        return score == Math.rint(score) ? Long.toString((long) score) : Double.toString(score);
    }
}
