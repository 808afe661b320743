package org.issuedesk.classifier.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.issuedesk.classifier.WholeTopicConsumers;
import org.issuedesk.classifier.WholeTopicReader;
import org.issuedesk.classifier.classification.AdaptiveClassifier;
import org.issuedesk.classifier.registry.PolicyFilePublisher.Origin;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's {@link PolicyFileRegistry} equal to the topic {@code registry.policy-files}, live:
 * every instance reads the whole topic from the beginning (no consumer group), and once it has read what
 * the topic held at start-up it
 * <ol>
 * <li>seeds the topic from the shipped YAML: ids the topic never had, and shipped definitions that
 * nobody edited since but that a newer YAML changed (a person's edit or deletion is never undone);</li>
 * <li>swaps the topic's definitions into the registry, whole, and has the model retrained on them;</li>
 * </ol>
 * then does the same swap for every later change (a PUT or DELETE on any instance). Until the first
 * swap the registry holds the shipped YAML and the instance is not ready ({@link PolicyFilesHealthIndicator}).
 */
@Component
public class PolicyFileReloader implements SmartLifecycle, WholeTopicReader.Handler {

    private static final Logger log = LoggerFactory.getLogger(PolicyFileReloader.class);
    /** How long start-up waits for the registry, so that a healthy system is ready at once; then it goes on. */
    static final Duration INITIAL_WAIT = Duration.ofSeconds(30);

    private final PolicyFileRegistry registry;
    private final PolicyFilePublisher publisher;
    private final AdaptiveClassifier classifier;
    private final WholeTopicReader reader;
    private final AtomicBoolean retrainPending = new AtomicBoolean();
    private volatile boolean modelCurrent;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "policy-files-training");
        thread.setDaemon(true);
        return thread;
    });
    /** The latest record per id (a null definition is a tombstone); touched by the reader thread only. */
    private final Map<String, Latest> topic = new HashMap<>();

    private record Latest(PolicyFileDefinition definition, Origin origin) {
    }

    public PolicyFileReloader(PolicyFileRegistry registry, PolicyFilePublisher publisher, AdaptiveClassifier classifier,
            WholeTopicConsumers consumers) {
        this.registry = registry;
        this.publisher = publisher;
        this.classifier = classifier;
        this.reader = new WholeTopicReader(Topics.REGISTRY_POLICY_FILES.name(),
                () -> consumers.create("policy-files"), this);
    }

    /** Whether the registry holds what the topic held at start-up, and the model has learnt it. */
    public boolean isLoaded() {
        return reader.isCaughtUp() && modelCurrent;
    }

    /**
     * Waits until this instance's registry has the record at that place, so that a client that changed a
     * definition sees it in its next request (the model learns it moments later).
     */
    boolean awaitApplied(RecordMetadata written, Duration timeout) {
        try {
            return reader.awaitHandled(written.partition(), written.offset(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void records(List<ConsumerRecord<String, Object>> records) {
        for (ConsumerRecord<String, Object> record : records) {
            take(record);
        }
        if (reader.isCaughtUp() && !records.isEmpty()) {
            apply();
        }
    }

    private void take(ConsumerRecord<String, Object> record) {
        String id = record.key();
        if (id == null) {
            log.warn("Ignoring a policy file without key at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            topic.put(id, new Latest(null, Origin.of(record)));
            return;
        }
        if (!(record.value() instanceof PolicyFileDefinition definition)) {
            return; // the deserialiser reads this topic into definitions only
        }
        List<FieldProblem> problems = PolicyFileValidation.problems(definition);
        if (!id.equals(definition.id()) || !problems.isEmpty()) {
            // written by something other than this service's PUT: keep the previous version
            log.warn("Ignoring an invalid policy file {} at {}-{}@{}: id {}, {}", id, record.topic(), record.partition(),
                    record.offset(), definition.id(), problems);
            return;
        }
        topic.put(id, new Latest(definition, Origin.of(record)));
    }

    @Override
    public void caughtUp() {
        seed();
        apply();
        // after the training that apply() may have queued: one thread runs them in order
        trainer.execute(() -> modelCurrent = true);
        log.info("Policy-file registry loaded from {}: {}", Topics.REGISTRY_POLICY_FILES.name(),
                registry.all().stream().map(PolicyFileDefinition::id).toList());
    }

    /** Idempotent: run by every instance at every start, it writes only what the topic lacks. */
    private void seed() {
        int written = 0;
        for (PolicyFileDefinition shipped : registry.seed()) {
            Latest latest = topic.get(shipped.id());
            boolean absent = latest == null;
            boolean newerShipped = latest != null && latest.origin() == Origin.SEED && latest.definition() != null
                    && !Objects.equals(latest.definition(), shipped);
            if (absent || newerShipped) {
                publisher.publish(shipped, Origin.SEED);
                topic.put(shipped.id(), new Latest(shipped, Origin.SEED));
                written++;
            }
        }
        if (written > 0) {
            log.info("Seeded {} policy files from the shipped registry to {}", written, Topics.REGISTRY_POLICY_FILES.name());
        }
    }

    private void apply() {
        List<PolicyFileDefinition> definitions = topic.values().stream()
                .map(Latest::definition).filter(Objects::nonNull).toList();
        if (registry.replace(definitions)) {
            log.info("Policy files changed, now {}: retraining", registry.all().stream().map(PolicyFileDefinition::id).toList());
            retrain();
        }
    }

    /**
     * The model learns the new definitions on a thread of its own, so reading the topic (and answering a
     * PUT) does not wait for a training; changes that arrive meanwhile are learnt by the next one.
     */
    private void retrain() {
        if (retrainPending.compareAndSet(false, true)) {
            trainer.execute(() -> {
                retrainPending.set(false);
                classifier.useDefinitions(registry.all());
            });
        }
    }

    @Override
    public void start() {
        reader.start();
        try {
            if (!reader.awaitCaughtUp(INITIAL_WAIT)) {
                log.warn("The policy-file registry is not loaded after {} s; not ready until it is",
                        INITIAL_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        reader.stop();
        trainer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return reader.isRunning();
    }
}
