package org.issuedesk.classifier.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.issuedesk.classifier.classification.Classification;
import org.issuedesk.classifier.classification.Classifier;
import org.issuedesk.classifier.classification.HybridClassifier;
import org.issuedesk.classifier.classification.LabelledPost;
import org.issuedesk.classifier.classification.LabelledPosts;
import org.issuedesk.classifier.classification.LexicalClassifier;
import org.issuedesk.classifier.classification.PostText;
import org.issuedesk.classifier.registry.PolicyFileRegistry;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Posts per second of the whole classification of one post (analysis, language, terms, features,
 * both models, evidence) on one thread, over the 240 posts of the bundled training set in turn.
 * Run: see docs/benchmarks.md. Not a test: JMH runs it from its own main.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ClassificationBenchmark {

    private Classifier hybrid;
    private Classifier lexical;
    private PostText[] posts;
    private int next;

    @Setup
    public void setUp() throws IOException {
        String location = "classpath:registry/policy-files.yaml";
        PolicyFileRegistry.Contents registry = PolicyFileRegistry.read(new DefaultResourceLoader().getResource(location),
                location);
        List<PolicyFileDefinition> definitions = List.copyOf(registry.byId().values());
        List<LabelledPost> labelled;
        try (InputStream in = getClass().getResourceAsStream("/training/posts-labelled.jsonl")) {
            labelled = LabelledPosts.read(in);
        }
        hybrid = HybridClassifier.train(definitions,
                new HybridClassifier.TrainingSet(registry.offTopicExamples(), labelled, List.of()),
                HybridClassifier.Settings.DEFAULT);
        lexical = new LexicalClassifier(definitions);
        posts = labelled.stream().map(p -> new PostText(p.text(), p.lang())).toArray(PostText[]::new);
    }

    Classifier hybridClassifier() {
        return hybrid;
    }

    Classifier lexicalClassifier() {
        return lexical;
    }

    PostText[] posts() {
        return posts;
    }

    private PostText nextPost() {
        PostText post = posts[next];
        next = (next + 1) % posts.length;
        return post;
    }

    @Benchmark
    public Classification hybrid() {
        return hybrid.classify(nextPost());
    }

    @Benchmark
    public Classification lexical() {
        return lexical.classify(nextPost());
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ClassificationBenchmark.class.getSimpleName()).build()).run();
    }
}
