package org.issuedesk.classifier.surge;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the detector's state per file in the store and moves event time on: with each post (its
 * createdAt minus {@code grace}, so that posts up to that late still count in their own windows), and,
 * when posts stop coming, with the service clock minus {@code idle-after} (checked every
 * {@code clock-check}), so the alert of a file that went quiet still closes. The clock is injected: tests
 * move it. Posts that come after windows covering them were evaluated are counted in
 * {@code issuedesk.surge.posts.late} ({@code outcome=counted}: in the later windows only;
 * {@code outcome=dropped}: in none).
 */
class SurgeProcessor implements Processor<String, SurgePost, String, IssueAlert> {

    private static final Logger log = LoggerFactory.getLogger(SurgeProcessor.class);

    private final SurgeDetector detector;
    private final SurgeProperties settings;
    private final Clock clock;
    private final Counter late;
    private final Counter dropped;
    private ProcessorContext<String, IssueAlert> context;
    private KeyValueStore<String, FileSurgeState> store;
    /** The latest event time every file of this task was advanced to (not stored: each file keeps its own). */
    private long advancedTo = Long.MIN_VALUE;

    SurgeProcessor(SurgeDetector detector, SurgeProperties settings, Clock clock, MeterRegistry meters) {
        this.detector = detector;
        this.settings = settings;
        this.clock = clock;
        this.late = lateCounter(meters, "counted");
        this.dropped = lateCounter(meters, "dropped");
    }

    private static Counter lateCounter(MeterRegistry meters, String outcome) {
        return Counter.builder("issuedesk.surge.posts.late")
                .description("Posts that reached the surge detector after windows covering them were evaluated")
                .tag("outcome", outcome).register(meters);
    }

    @Override
    public void init(ProcessorContext<String, IssueAlert> context) {
        this.context = context;
        this.store = context.getStateStore(SurgeTopology.STORE);
        context.schedule(settings.clockCheck(), PunctuationType.WALL_CLOCK_TIME,
                ignored -> advance(clock.millis() - settings.idleAfter().toMillis()));
    }

    @Override
    public void process(Record<String, SurgePost> record) {
        String policyFile = record.key();
        long eventTime = record.timestamp();
        // windows that ended a grace before this post are evaluated first, for every file of this task
        advance(eventTime - settings.grace().toMillis());
        FileSurgeState state = store.get(policyFile);
        if (state == null) {
            state = detector.newState(policyFile, eventTime);
        }
        switch (detector.record(state, record.value(), eventTime)) {
            case ON_TIME -> store.put(policyFile, state);
            case LATE -> {
                late.increment();
                store.put(policyFile, state);
            }
            case TOO_LATE -> {
                dropped.increment();
                log.debug("post {} on {} is too late to count (event time {})", record.value().postId(),
                        policyFile, eventTime);
            }
        }
    }

    private void advance(long eventTime) {
        long hopStart = detector.hopStart(eventTime);
        if (hopStart <= advancedTo) {
            return;
        }
        advancedTo = hopStart;
        List<KeyValue<String, FileSurgeState>> files = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(files::add);
        }
        for (KeyValue<String, FileSurgeState> file : files) {
            long before = file.value.evaluatedUpToMs;
            List<IssueAlert> alerts = detector.advance(file.value, eventTime);
            if (file.value.evaluatedUpToMs != before) {
                store.put(file.key, file.value);
            }
            for (IssueAlert alert : alerts) {
                log.info("{} alert {}: {} posts in the window to {} (baseline {}, score {})", alert.state().id(),
                        alert.alertId(), alert.count(), alert.windowEnd(), alert.baseline(), alert.score());
                context.forward(new Record<>(alert.policyFile(), alert, alert.raisedAt().toEpochMilli()));
            }
        }
    }
}
