package org.issuedesk.classifier.classification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.issuedesk.classifier.classification.PolicyFileMatcher.FileScore;
import org.issuedesk.classifier.classification.TextAnalyzer.AnalyzedText;
import org.issuedesk.classifier.classification.TextAnalyzer.Token;
import org.issuedesk.classifier.query.QuerySyntaxException;
import org.issuedesk.classifier.query.TopicQuery;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;

/**
 * The registry's terms as features of two small linear models that learn from examples:
 * <ol>
 * <li>a policy-file model (one class per file plus "none") over words, prefixes, word pairs,
 * character n-grams and the registry terms that matched, trained on the registry's example posts,
 * its off-topic examples and labelled posts (the bundled training set, then people's corrections);</li>
 * <li>an issue-kind model over the same text features plus the cue points of
 * {@link IssueKindDetector}, trained on the labelled posts that concern a file. Without any such
 * post it falls back to the cue rules.</li>
 * </ol>
 * A post gets no policy file when "none" wins or the best file's probability is below
 * {@code minConfidence}; it is then {@code other}, the labelling rule. Immutable once trained, so
 * one instance serves all threads; learning means training a new one.
 */
public final class HybridClassifier implements Classifier {

    public static final String VERSION_PREFIX = "hybrid-1";
    static final String NONE = "none";
    private static final List<IssueKind> KINDS = List.of(IssueKind.values());
    /** A person's correction weighs more than a bundled example: it is recent and says "not like that". */
    static final float CORRECTION_WEIGHT = 3.0f;

    /** How the models are trained and decide; the defaults are what cross-validation chose. */
    public record Settings(int epochs, double rate, double l2, double minConfidence, double termPrior, double cuePrior,
            double maskedWeight) {

        public static final Settings DEFAULT = new Settings(12, 0.3, 1e-5, 0.3, 3.0, 2.5, 1.0);
    }

    /** What a model learns from. */
    public record TrainingSet(List<String> offTopicExamples, List<LabelledPost> labelled, List<LabelledPost> corrections) {

        public TrainingSet {
            offTopicExamples = List.copyOf(offTopicExamples);
            labelled = List.copyOf(labelled);
            corrections = List.copyOf(corrections);
        }
    }

    private final String version;
    private final Settings settings;
    private final PolicyFileMatcher matcher;
    /** Each file's topic queries (both languages), by file order. */
    private final List<List<TopicQuery>> queries = new ArrayList<>();
    private final LanguageDetector languages = new LanguageDetector();
    private final IssueKindDetector cues = new IssueKindDetector();
    private final List<String> fileClasses;
    private final SoftmaxModel fileModel;
    private final SoftmaxModel kindModel;

    private HybridClassifier(String version, Settings settings, List<PolicyFileDefinition> definitions,
            TrainingSet training) {
        this.version = version;
        this.settings = settings;
        this.matcher = new PolicyFileMatcher(definitions, true);
        this.fileClasses = new ArrayList<>();
        definitions.forEach(d -> fileClasses.add(d.id()));
        // the registry validated them; a query that no longer parses is skipped rather than fatal
        definitions.forEach(d -> queries.add(d.queries().values().stream().flatMap(q -> {
            try {
                return java.util.stream.Stream.of(TopicQuery.parse(q));
            } catch (QuerySyntaxException e) {
                return java.util.stream.Stream.empty();
            }
        }).toList()));
        fileClasses.add(NONE);
        Map<String, Integer> fileIndex = new HashMap<>();
        for (int i = 0; i < fileClasses.size(); i++) {
            fileIndex.put(fileClasses.get(i), i);
        }

        List<SoftmaxModel.Example> fileExamples = new ArrayList<>();
        List<SoftmaxModel.Example> kindExamples = new ArrayList<>();
        for (PolicyFileDefinition definition : definitions) {
            for (String example : definition.examples()) {
                Prepared prepared = prepare(example, null);
                fileExamples.add(new SoftmaxModel.Example(prepared.x(), prepared.offsets(), fileIndex.get(definition.id()), 1f));
                addMasked(example, null, fileIndex.get(definition.id()), 1f, fileExamples);
            }
        }
        for (String example : training.offTopicExamples()) {
            Prepared prepared = prepare(example, null);
            fileExamples.add(new SoftmaxModel.Example(prepared.x(), prepared.offsets(), fileIndex.get(NONE), 1f));
        }
        addLabelled(training.labelled(), 1f, fileIndex, fileExamples, kindExamples);
        addLabelled(training.corrections(), CORRECTION_WEIGHT, fileIndex, fileExamples, kindExamples);
        this.fileModel = SoftmaxModel.train(fileExamples, fileClasses.size(), Features.DIMENSION,
                settings.epochs(), settings.rate(), settings.l2());
        this.kindModel = kindExamples.isEmpty() ? null : SoftmaxModel.train(kindExamples, KINDS.size(),
                Features.DIMENSION, settings.epochs(), settings.rate(), settings.l2());
    }

    public static HybridClassifier train(List<PolicyFileDefinition> definitions, TrainingSet training, Settings settings) {
        return train(definitions, training, settings, null);
    }

    /**
     * @param generation told apart in the version when the same service retrains ("g3"), or null
     */
    public static HybridClassifier train(List<PolicyFileDefinition> definitions, TrainingSet training, Settings settings,
            String generation) {
        // the version says what the model learnt from: labelled posts, corrections, and which retraining
        String version = VERSION_PREFIX + "+" + training.labelled().size() + "l." + training.corrections().size() + "c"
                + (generation == null ? "" : "." + generation);
        return new HybridClassifier(version, settings, definitions, training);
    }

    private void addLabelled(Collection<LabelledPost> posts, float weight, Map<String, Integer> fileIndex,
            List<SoftmaxModel.Example> fileExamples, List<SoftmaxModel.Example> kindExamples) {
        for (LabelledPost post : posts) {
            String file = post.policyFile() == null ? NONE : post.policyFile();
            Integer label = fileIndex.get(file);
            if (label == null) {
                continue; // a file that is no longer in the registry teaches nothing
            }
            Prepared prepared = prepare(post.text(), post.lang());
            fileExamples.add(new SoftmaxModel.Example(prepared.x(), prepared.offsets(), label, weight));
            addMasked(post.text(), post.lang(), label, weight, fileExamples);
            if (!NONE.equals(file) && post.issueKind() != null) {
                kindExamples.add(new SoftmaxModel.Example(prepared.kindX(), prepared.kindOffsets(), KINDS.indexOf(post.issueKind()), weight));
            }
        }
    }

    /**
     * Most labelled posts name a registry term; many real posts do not (slang, a service, a symptom).
     * So each post that names one is also learnt without its terms, which teaches the model the
     * context words of a file instead of "no term, no file".
     */
    private void addMasked(String text, String lang, int label, float weight, List<SoftmaxModel.Example> examples) {
        if (settings.maskedWeight() <= 0) {
            return;
        }
        String masked = matcher.withoutTerms(TextAnalyzer.analyze(text));
        if (masked != null && !masked.isBlank()) {
            Prepared prepared = prepare(masked, lang);
            examples.add(new SoftmaxModel.Example(prepared.x(), prepared.offsets(), label,
                    (float) (weight * settings.maskedWeight())));
        }
    }

    /** The text without the words of the registry's terms; null when it names none. */
    public String withoutTerms(String text) {
        return matcher.withoutTerms(TextAnalyzer.analyze(text));
    }

    private record Prepared(SparseVector x, double[] offsets, SparseVector kindX, double[] kindOffsets) {
    }

    private Prepared prepare(String text, String lang) {
        AnalyzedText analyzed = TextAnalyzer.analyze(text);
        String language = languages.detect(analyzed, lang).language();
        Map<IssueKind, Double> points = new EnumMap<>(IssueKind.class);
        Map<IssueKind, List<String>> cueLabels = new EnumMap<>(IssueKind.class);
        cues.score(analyzed, language, points, cueLabels);
        List<FileScore> files = matcher.match(analyzed, language);
        return new Prepared(Features.extract(analyzed, language, files, points), offsets(queryMatches(analyzed), files),
                Features.extractKind(analyzed, language, points, cueLabels), kindOffsets(points));
    }

    /**
     * The registry's terms as a prior: each file whose terms matched starts ahead by
     * {@code termPrior × ln(1 + points)}; the model learns what to add to that, so a term can be
     * outweighed by context ("Phoenix Suns") but a model that has seen few examples still trusts it.
     */
    /** The cue rules as a prior of the issue-kind model, as the terms are for the file model. */
    private double[] kindOffsets(Map<IssueKind, Double> points) {
        double[] offsets = new double[KINDS.size()];
        if (points.isEmpty()) {
            offsets[KINDS.indexOf(IssueKind.OTHER)] = settings.cuePrior() * Math.log(2);
        }
        points.forEach((kind, p) -> offsets[KINDS.indexOf(kind)] = settings.cuePrior() * Math.log1p(p));
        return offsets;
    }

    /** The file order of each file whose topic query (in either language) matches the text, else -1. */
    private int[] queryMatches(AnalyzedText text) {
        int[] matched = new int[queries.size()];
        for (int f = 0; f < queries.size(); f++) {
            matched[f] = -1;
            for (TopicQuery query : queries.get(f)) {
                if (query.matches(text)) {
                    matched[f] = f;
                    break;
                }
            }
        }
        return matched;
    }

    private double[] offsets(int[] queryMatches, List<FileScore> files) {
        double[] offsets = new double[fileClasses.size()];
        for (FileScore file : files) {
            offsets[file.fileOrder()] = settings.termPrior() * Math.log1p(file.score());
        }
        // a topic query that matches counts like one more matched word
        for (int f = 0; f < queryMatches.length; f++) {
            if (queryMatches[f] >= 0) {
                offsets[f] = settings.termPrior() * Math.log1p(scoreOf(files, f) + 1.0);
            }
        }
        return offsets;
    }

    private static double scoreOf(List<FileScore> files, int order) {
        for (FileScore file : files) {
            if (file.fileOrder() == order) {
                return file.score();
            }
        }
        return 0.0;
    }

    /** Evidence: the files whose topic query matched. */
    private List<String> queryEvidence(int[] queryMatches) {
        List<String> evidence = new ArrayList<>();
        for (int f = 0; f < queryMatches.length; f++) {
            if (queryMatches[f] >= 0) {
                evidence.add("topic query of " + fileClasses.get(f) + " matched");
            }
        }
        return evidence;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Classification classify(PostText post) {
        AnalyzedText text = TextAnalyzer.analyze(post.text());
        LanguageDetector.Guess language = languages.detect(text, post.lang());
        List<String> evidence = new ArrayList<>();
        evidence.add(language.evidence());
        if (text.tokens().isEmpty()) {
            evidence.add("no words: other");
            return new Classification(null, 0.0, IssueKind.OTHER, 1.0, language.language(), evidence, version);
        }
        List<FileScore> files = matcher.match(text, language.language());
        Map<IssueKind, Double> points = new EnumMap<>(IssueKind.class);
        Map<IssueKind, List<String>> cueEvidence = new EnumMap<>(IssueKind.class);
        cues.score(text, language.language(), points, cueEvidence);
        SparseVector x = Features.extract(text, language.language(), files, points);

        double[] p = new double[fileClasses.size()];
        int[] queryMatches = queryMatches(text);
        fileModel.probabilities(x, offsets(queryMatches, files), p);
        int best = argmax(p);
        String file = fileClasses.get(best);
        files.stream().limit(3).forEach(f -> f.terms().forEach(term -> evidence.add(term.evidence())));
        evidence.addAll(queryEvidence(queryMatches));
        if (NONE.equals(file) || p[best] < settings.minConfidence()) {
            evidence.add(NONE.equals(file)
                    ? "model: concerns no policy file (p=" + round(p[best]) + ")"
                    : "model: best file " + file + " too unsure (p=" + round(p[best]) + "): none");
            return new Classification(null, 0.0, IssueKind.OTHER, round(p[fileClasses.size() - 1] > p[best]
                    ? p[fileClasses.size() - 1] : 1.0 - p[best]), language.language(), evidence, version);
        }
        evidence.add("model: " + file + " p=" + round(p[best]) + wordsFor(text, fileModel, best));

        IssueKind kind;
        double kindConfidence;
        if (kindModel == null) {
            IssueKindDetector.Detection detection = cues.detect(text, language.language());
            kind = detection.kind();
            kindConfidence = detection.confidence();
            evidence.addAll(detection.evidence());
        } else {
            double[] q = new double[KINDS.size()];
            kindModel.probabilities(Features.extractKind(text, language.language(), points, cueEvidence),
                    kindOffsets(points), q);
            int k = argmax(q);
            kind = KINDS.get(k);
            kindConfidence = q[k];
            evidence.addAll(cueEvidence.getOrDefault(kind, List.of()));
            evidence.add("model: " + kind.id() + " p=" + round(q[k]));
        }
        return new Classification(file, round(p[best]), kind, round(kindConfidence), language.language(), evidence, version);
    }

    /** The post's words that speak most for the class: what a person can check. */
    private static String wordsFor(AnalyzedText text, SoftmaxModel model, int c) {
        Map<String, Float> weights = new HashMap<>();
        for (Token token : text.tokens()) {
            float w = model.weight(c, Features.wordFeature(token.key()));
            if (w > 0.05f) {
                weights.put(token.key(), w);
            }
        }
        if (weights.isEmpty()) {
            return "";
        }
        return " (words: " + String.join(", ", weights.entrySet().stream()
                .sorted(Map.Entry.<String, Float>comparingByValue(Comparator.reverseOrder()))
                .limit(4).map(Map.Entry::getKey).toList()) + ")";
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
