package org.issuedesk.classifier.classification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier the service uses: a {@link HybridClassifier} that is retrained when people correct
 * tags or the registry changes, and swapped in whole once trained, so a post is always tagged by one
 * consistent model. Retraining takes well under a second for hundreds of examples; it runs on one
 * background thread, and corrections that arrive while it trains are taken by the next training
 * (a replay of many corrections costs a few trainings, not one each).
 */
public final class AdaptiveClassifier implements Classifier {

    private static final Logger log = LoggerFactory.getLogger(AdaptiveClassifier.class);
    /** The oldest corrections are dropped past this many, so retraining stays fast. */
    static final int MAX_CORRECTIONS = 5_000;

    private final HybridClassifier.Settings settings;
    private final List<String> offTopic;
    private final List<LabelledPost> labelled;
    /** By post id: a post corrected twice teaches its latest tags only. */
    private final Map<String, LabelledPost> corrections = new LinkedHashMap<>();
    private List<PolicyFileDefinition> definitions;
    private final AtomicReference<HybridClassifier> current = new AtomicReference<>();
    private int generation;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "classifier-training");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean trainingPending = new AtomicBoolean();

    public AdaptiveClassifier(List<PolicyFileDefinition> definitions, List<String> offTopic, List<LabelledPost> labelled,
            HybridClassifier.Settings settings) {
        this.definitions = List.copyOf(definitions);
        this.offTopic = List.copyOf(offTopic);
        this.labelled = List.copyOf(labelled);
        this.settings = settings;
        retrain();
    }

    @Override
    public Classification classify(PostText post) {
        return current.get().classify(post);
    }

    @Override
    public String version() {
        return current.get().version();
    }

    /** Learns from a person's correction: future posts like this one get its tags (soon, not at once). */
    public void learn(LabelledPost correction) {
        synchronized (this) {
            corrections.remove(correction.id());
            corrections.put(correction.id(), correction);
            while (corrections.size() > MAX_CORRECTIONS) {
                corrections.remove(corrections.keySet().iterator().next());
            }
        }
        if (trainingPending.compareAndSet(false, true)) {
            trainer.execute(() -> {
                trainingPending.set(false);
                synchronized (this) {
                    retrain();
                }
            });
        }
    }

    /** Starts using other policy-file definitions (a file added, changed or deleted). */
    public synchronized void useDefinitions(List<PolicyFileDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
        retrain();
    }

    public synchronized List<PolicyFileDefinition> definitions() {
        return definitions;
    }

    private void retrain() {
        long start = System.nanoTime();
        generation++;
        HybridClassifier model = HybridClassifier.train(definitions,
                new HybridClassifier.TrainingSet(offTopic, labelled, new ArrayList<>(corrections.values())), settings,
                "g" + generation);
        current.set(model);
        log.info("Classifier {} trained on {} files, {} labelled posts and {} corrections in {} ms", model.version(),
                definitions.size(), labelled.size(), corrections.size(), (System.nanoTime() - start) / 1_000_000);
    }
}
