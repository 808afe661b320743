package org.issuedesk.routing.cases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.routing.cases.CaseRepository.Source;
import org.issuedesk.routing.teams.MemberFunction;
import org.issuedesk.support.kafka.RecordTracing;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Turns the records of {@code posts.classified} into cases of the owning teams, a whole poll at a time:
 * route each post, store the poll's cases in one database transaction, publish them.
 *
 * <p>Nothing lost, nothing duplicated: the container runs this method in ONE Kafka transaction per poll,
 * so the consumed offsets, the {@code team-queue.<team>} records and the {@code cases.events} records
 * commit together. The cases are stored before, idempotently by post id (see
 * {@link CaseRepository#recordIfAbsent}, with their first assignment in the same database transaction,
 * see {@link CaseIntake#recordAll}), so a redelivered poll publishes the same cases and events again and
 * a duplicate message publishes nothing. A record that can never become a case (unreadable, or invalid)
 * is dead-lettered here, in the same transaction, and the others of the poll go on; any other failure
 * rolls the whole poll back to be retried (service-support's after-rollback processor).
 */
@Component
public class CaseListener {

    private static final Logger log = LoggerFactory.getLogger(CaseListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(CaseListener.class);
    static final String SYSTEM = "system";

    private final CaseRouter router;
    private final CaseIntake intake;
    private final CasePublisher publisher;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final RecordTracing tracing;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer latency;
    private final Timer storeTimer;
    private final Timer publishTimer;
    private final DistributionSummary batchSize;

    public CaseListener(CaseRouter router, CaseIntake intake, CasePublisher publisher,
            DeadLetterPublishingRecoverer deadLetters, RecordTracing tracing, Clock clock, MeterRegistry meters) {
        this.router = router;
        this.intake = intake;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.tracing = tracing;
        this.clock = clock;
        this.meters = meters;
        // from the post's receivedAt (set by ingest) to its case: the whole pipeline, as a histogram so that
        // percentiles can be computed across instances (histogram_quantile in Prometheus)
        this.latency = Timer.builder("issuedesk.pipeline.latency")
                .description("Time from a post's acceptance by ingest to its case being routed")
                .publishPercentileHistogram()
                .register(meters);
        this.storeTimer = Timer.builder("issuedesk.stage")
                .description("Time a pipeline stage takes for one poll of records")
                .tag("stage", "cases-store").publishPercentileHistogram().register(meters);
        this.publishTimer = Timer.builder("issuedesk.stage")
                .description("Time a pipeline stage takes for one poll of records")
                .tag("stage", "cases-publish").publishPercentileHistogram().register(meters);
        this.batchSize = DistributionSummary.builder("issuedesk.listener.batch.size")
                .description("Records per poll handed to a batch listener")
                .tag("topic", Topics.POSTS_CLASSIFIED.name()).publishPercentileHistogram().register(meters);
    }

    @KafkaListener(topics = "#{T(org.issuedesk.contracts.Topics).POSTS_CLASSIFIED.name()}", batch = "true")
    public void onClassifiedPosts(List<ConsumerRecord<String, ClassifiedPost>> records) {
        batchSize.record(records.size());
        // millisecond precision: what the database keeps is then exactly what was published
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<CaseIntake.Candidate> candidates = new ArrayList<>(records.size());
        List<ConsumerRecord<String, ClassifiedPost>> sources = new ArrayList<>(records.size());
        for (ConsumerRecord<String, ClassifiedPost> record : records) {
            try {
                candidates.add(candidate(record, now));
                sources.add(record);
            } catch (DeserializationException | InvalidClassifiedPostException e) {
                // retrying cannot help: dead-letter it in this transaction, with this poll's offsets
                log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                deadLetters.accept(record, e);
            }
        }

        long started = System.nanoTime();
        List<CaseIntake.Intake> recorded = intake.recordAll(candidates);
        storeTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);

        started = System.nanoTime();
        for (int i = 0; i < recorded.size(); i++) {
            CaseIntake.Candidate candidate = candidates.get(i);
            CaseIntake.Intake intake = recorded.get(i);
            // in the post's trace: the queue and event records continue the traceparent it came with
            tracing.inTraceOf(sources.get(i), "route", () -> published(candidate, intake, now));
        }
        publishTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private CaseIntake.Candidate candidate(ConsumerRecord<String, ClassifiedPost> record, Instant now) {
        if (record.value() == null) {
            DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
            if (unreadable != null) {
                throw unreadable;
            }
        }
        ClassifiedPost classified = InvalidClassifiedPostException.check(record.value());
        CaseRouter.Routing routing = router.route(classified, now);
        String caseId = UUID.randomUUID().toString();
        String postId = classified.post().id();
        RoutedCase routedCase = new RoutedCase(RoutedCase.SCHEMA_VERSION, caseId, routing.team().id(),
                routing.priority(), now.plus(routing.team().firstResponseSla()), routing.reason(), classified, now);
        CaseEvent routed = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), caseId,
                CaseEventType.ROUTED, postId, routing.team().id(), SYSTEM,
                Map.of("reason", routing.reason(), "priority", routing.priority().id(),
                        "dueBy", routedCase.dueBy().toString(), "firstActing", routing.functions().stream()
                                .map(MemberFunction::id).collect(Collectors.joining(" + "))), now);
        return new CaseIntake.Candidate(routedCase, routed, new Source(record.partition(), record.offset()));
    }

    /** Publishes what the database says about one post (sends are not awaited: a failure fails the commit). */
    private Void published(CaseIntake.Candidate candidate, CaseIntake.Intake recorded, Instant now) {
        RoutedCase routedCase = candidate.routedCase();
        String postId = routedCase.post().post().id();
        switch (recorded.outcome()) {
            case CREATED -> {
                log.info("Post {} → case {} for team {} ({}, priority {})", postId, routedCase.caseId(),
                        routedCase.teamId(), routedCase.reason(), routedCase.priority().id());
                Instant receivedAt = routedCase.post().post().receivedAt();
                if (receivedAt != null && !receivedAt.isAfter(now)) {
                    latency.record(Duration.between(receivedAt, now));
                }
                meters.counter("issuedesk.cases.routed", "team", routedCase.teamId()).increment();
            }
            case REDELIVERED -> log.info("Post {} redelivered: publishing case {} again",
                    postId, recorded.routedCase().caseId());
            case DUPLICATE -> {
                log.info("Post {} already has case {}: duplicate message at {}-{} ignored", postId,
                        recorded.routedCase().caseId(), candidate.source().partition(), candidate.source().offset());
                return null;
            }
        }
        publisher.publish(recorded.routedCase(), recorded.events());
        return null;
    }
}
