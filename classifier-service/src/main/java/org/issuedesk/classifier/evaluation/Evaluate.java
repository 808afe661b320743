package org.issuedesk.classifier.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.issuedesk.classifier.classification.Classification;
import org.issuedesk.classifier.classification.Classifier;
import org.issuedesk.classifier.classification.HybridClassifier;
import org.issuedesk.classifier.classification.LabelledPost;
import org.issuedesk.classifier.classification.LabelledPosts;
import org.issuedesk.classifier.classification.LexicalClassifier;
import org.issuedesk.classifier.classification.PostText;
import org.issuedesk.classifier.registry.PolicyFileRegistry;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * The evaluation command: reads labelled JSON lines shaped like the dev set and prints accuracy,
 * per-class precision/recall/F1 and macro-F1 on both axes for
 * <ol>
 * <li>the plain lexical classifier (no training);</li>
 * <li>the hybrid model trained on the registry alone (its examples and off-topic examples), never on
 * the file: the strict estimate of how it does on posts written by others;</li>
 * <li>k-fold cross-validation: the registry plus the training folds, judged on the held-out fold;</li>
 * <li>with {@code --training FILE}: the model as shipped, trained on the registry and that file.</li>
 * </ol>
 * Usage: {@code Evaluate POSTS.jsonl [--folds 5] [--registry LOCATION] [--training FILE] [--hold-out] [--errors] [--min-confidence P]}.
 * With {@code --hold-out} the file is only judged (lexical, registry only, and with {@code --training} as shipped).
 * See docs/classifier.md for the command line.
 */
public final class Evaluate {

    private Evaluate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: Evaluate POSTS.jsonl [--folds 5] [--registry LOCATION] [--training FILE] [--min-confidence P]");
            System.exit(2);
        }
        Path postsFile = Path.of(args[0]);
        int folds = 5;
        String registry = "classpath:registry/policy-files.yaml";
        Path training = null;
        HybridClassifier.Settings settings = HybridClassifier.Settings.DEFAULT;
        boolean errors = false;
        boolean holdOut = false;
        for (int i = 1; i < args.length; i += 2) {
            if (args[i].equals("--errors")) {
                errors = true;
                i--;
                continue;
            }
            if (args[i].equals("--hold-out")) {
                // the file is a hold-out set: no cross-validation, which would train on it
                holdOut = true;
                i--;
                continue;
            }
            switch (args[i]) {
                case "--folds" -> folds = Integer.parseInt(args[i + 1]);
                case "--registry" -> registry = args[i + 1];
                case "--training" -> training = Path.of(args[i + 1]);
                case "--min-confidence" -> settings = new HybridClassifier.Settings(settings.epochs(), settings.rate(),
                        settings.l2(), Double.parseDouble(args[i + 1]), settings.termPrior(), settings.cuePrior(), settings.maskedWeight());
                case "--term-prior" -> settings = new HybridClassifier.Settings(settings.epochs(), settings.rate(),
                        settings.l2(), settings.minConfidence(), Double.parseDouble(args[i + 1]), settings.cuePrior(), settings.maskedWeight());
                case "--cue-prior" -> settings = new HybridClassifier.Settings(settings.epochs(), settings.rate(),
                        settings.l2(), settings.minConfidence(), settings.termPrior(), Double.parseDouble(args[i + 1]), settings.maskedWeight());
                case "--masked-weight" -> settings = new HybridClassifier.Settings(settings.epochs(), settings.rate(),
                        settings.l2(), settings.minConfidence(), settings.termPrior(), settings.cuePrior(), Double.parseDouble(args[i + 1]));
                case "--epochs" -> settings = new HybridClassifier.Settings(Integer.parseInt(args[i + 1]), settings.rate(),
                        settings.l2(), settings.minConfidence(), settings.termPrior(), settings.cuePrior(), settings.maskedWeight());
                case "--rate" -> settings = new HybridClassifier.Settings(settings.epochs(), Double.parseDouble(args[i + 1]),
                        settings.l2(), settings.minConfidence(), settings.termPrior(), settings.cuePrior(), settings.maskedWeight());
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Resource resource = new DefaultResourceLoader().getResource(registry);
        PolicyFileRegistry.Contents contents = PolicyFileRegistry.read(resource, registry);
        List<PolicyFileDefinition> definitions = List.copyOf(contents.byId().values());
        List<LabelledPost> posts;
        try (InputStream in = Files.newInputStream(postsFile)) {
            posts = LabelledPosts.read(in);
        }
        PrintStream out = System.out;
        out.printf("%d labelled posts from %s; registry %s (%d files, %d examples, %d off-topic examples)%n%n",
                posts.size(), postsFile, registry, definitions.size(),
                definitions.stream().mapToInt(d -> d.examples().size()).sum(), contents.offTopicExamples().size());

        report(out, "lexical-1 (terms only, no training)", posts, judge(new LexicalClassifier(definitions), posts));

        HybridClassifier registryOnly = HybridClassifier.train(definitions,
                new HybridClassifier.TrainingSet(contents.offTopicExamples(), List.of(), List.of()), settings);
        List<Classification> strict = judge(registryOnly, posts);
        report(out, "hybrid trained on the registry only (strict: never saw these posts)", posts, strict);
        if (errors) {
            printErrors(out, posts, strict);
        }

        if (!holdOut) {
            crossValidationReports(out, definitions, contents, posts, folds, settings, registryOnly, errors);
        }

        if (training != null) {
            List<LabelledPost> trainingPosts;
            try (InputStream in = Files.newInputStream(training)) {
                trainingPosts = LabelledPosts.read(in);
            }
            HybridClassifier shipped = HybridClassifier.train(definitions,
                    new HybridClassifier.TrainingSet(contents.offTopicExamples(), trainingPosts, List.of()), settings);
            List<Classification> predictions = judge(shipped, posts);
            report(out, "hybrid trained on the registry + " + training + " (" + shipped.version() + ")", posts,
                    predictions);
            if (errors) {
                printErrors(out, posts, predictions);
            }
        }
    }

    private static void crossValidationReports(PrintStream out, List<PolicyFileDefinition> definitions,
            PolicyFileRegistry.Contents contents, List<LabelledPost> posts, int folds, HybridClassifier.Settings settings,
            HybridClassifier registryOnly, boolean errors) {
        List<Classification> cv = crossValidate(definitions, contents.offTopicExamples(), posts, folds, settings);
        report(out, folds + "-fold cross-validation (registry + training folds)", posts, cv);
        if (errors) {
            printErrors(out, posts, cv);
        }

        List<LabelledPost> masked = new ArrayList<>();
        List<Integer> maskedIndex = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            LabelledPost post = posts.get(i);
            String without = registryOnly.withoutTerms(post.text());
            if (post.policyFile() != null && without != null) {
                masked.add(new LabelledPost(post.id(), without, post.lang(), post.policyFile(), post.issueKind()));
                maskedIndex.add(i);
            }
        }
        List<Classification> maskedCv = crossValidateMasked(definitions, contents.offTopicExamples(), posts, folds,
                settings);
        report(out, folds + "-fold cross-validation, test posts with every registry term removed (hold-out-like: "
                + "on-topic posts naming no term, plus the off-topic posts as they are)", posts, maskedCv);
        if (errors) {
            printErrors(out, posts, maskedCv);
        }
    }

    /** Predictions for every post, each made by a model that did not see it. */
    public static List<Classification> crossValidate(List<PolicyFileDefinition> definitions, List<String> offTopic,
            List<LabelledPost> posts, int folds, HybridClassifier.Settings settings) {
        int[] fold = stratifiedFolds(posts, folds);
        Classification[] predictions = new Classification[posts.size()];
        for (int f = 0; f < folds; f++) {
            List<LabelledPost> train = new ArrayList<>();
            for (int i = 0; i < posts.size(); i++) {
                if (fold[i] != f) {
                    train.add(posts.get(i));
                }
            }
            HybridClassifier model = HybridClassifier.train(definitions,
                    new HybridClassifier.TrainingSet(offTopic, train, List.of()), settings);
            for (int i = 0; i < posts.size(); i++) {
                if (fold[i] == f) {
                    predictions[i] = classify(model, posts.get(i));
                }
            }
        }
        return List.of(predictions);
    }

    /** Like {@link #crossValidate}, but every held-out post is judged with its registry terms removed. */
    public static List<Classification> crossValidateMasked(List<PolicyFileDefinition> definitions, List<String> offTopic,
            List<LabelledPost> posts, int folds, HybridClassifier.Settings settings) {
        int[] fold = stratifiedFolds(posts, folds);
        Classification[] predictions = new Classification[posts.size()];
        for (int f = 0; f < folds; f++) {
            List<LabelledPost> train = new ArrayList<>();
            for (int i = 0; i < posts.size(); i++) {
                if (fold[i] != f) {
                    train.add(posts.get(i));
                }
            }
            HybridClassifier model = HybridClassifier.train(definitions,
                    new HybridClassifier.TrainingSet(offTopic, train, List.of()), settings);
            for (int i = 0; i < posts.size(); i++) {
                if (fold[i] == f) {
                    LabelledPost post = posts.get(i);
                    String without = post.policyFile() == null ? null : model.withoutTerms(post.text());
                    predictions[i] = model.classify(new PostText(without == null ? post.text() : without, post.lang()));
                }
            }
        }
        return List.of(predictions);
    }

    /** Folds with the same share of each policy file, assigned after a seeded shuffle. */
    static int[] stratifiedFolds(List<LabelledPost> posts, int folds) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(7));
        order.sort(Comparator.comparing(i -> String.valueOf(posts.get(i).policyFile())));
        int[] fold = new int[posts.size()];
        for (int k = 0; k < order.size(); k++) {
            fold[order.get(k)] = k % folds;
        }
        return fold;
    }

    public static List<Classification> judge(Classifier classifier, List<LabelledPost> posts) {
        return posts.stream().map(p -> classify(classifier, p)).toList();
    }

    private static Classification classify(Classifier classifier, LabelledPost post) {
        return classifier.classify(new PostText(post.text(), post.lang()));
    }

    public static Metrics policyMetrics(List<LabelledPost> posts, List<Classification> predictions) {
        return Metrics.of(posts.stream().map(p -> p.policyFile() == null ? "none" : p.policyFile()).toList(),
                predictions.stream().map(c -> c.policyFile() == null ? "none" : c.policyFile()).toList());
    }

    public static Metrics kindMetrics(List<LabelledPost> posts, List<Classification> predictions) {
        return Metrics.of(posts.stream().map(p -> p.issueKind() == null ? "?" : p.issueKind().id()).toList(),
                predictions.stream().map(c -> c.issueKind().id()).toList());
    }

    private static void printErrors(PrintStream out, List<LabelledPost> posts, List<Classification> predictions) {
        for (int i = 0; i < posts.size(); i++) {
            LabelledPost post = posts.get(i);
            Classification c = predictions.get(i);
            String gold = post.policyFile() == null ? "none" : post.policyFile();
            String got = c.policyFile() == null ? "none" : c.policyFile();
            String goldKind = post.issueKind() == null ? "?" : post.issueKind().id();
            if (!gold.equals(got) || !goldKind.equals(c.issueKind().id())) {
                out.printf("  %s gold %s/%s got %s/%s: %s%n    %s%n", post.id(), gold, goldKind, got, c.issueKind().id(),
                        post.text().replace('\n', ' '), String.join(" | ", c.evidence()));
            }
        }
        out.println();
    }

    private static void report(PrintStream out, String title, List<LabelledPost> posts, List<Classification> predictions) {
        out.println("== " + title);
        policyMetrics(posts, predictions).print(out, "policy file");
        kindMetrics(posts, predictions).print(out, "issue kind");
        out.println();
    }
}
