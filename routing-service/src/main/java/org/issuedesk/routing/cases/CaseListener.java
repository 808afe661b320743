package org.issuedesk.routing.cases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.routing.cases.CaseRepository.Source;
import org.issuedesk.routing.teams.MemberFunction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns each record of {@code posts.classified} into a case of the owning team: route, store, publish.
 *
 * <p>Nothing lost, nothing duplicated: the container runs this method in a Kafka transaction, so the
 * consumed offset, the {@code team-queue.<team>} record and the {@code cases.events} record commit
 * together; the case is stored before, idempotently by post id (see
 * {@link CaseRepository#recordIfAbsent}, with its first assignment in the same database transaction, see
 * {@link CaseIntake}), so a redelivery publishes the same case and events again and a duplicate message
 * publishes nothing. A failure rolls everything back to be retried, or dead-lettered (see
 * {@code RoutingKafkaConfiguration}).
 */
@Component
public class CaseListener {

    private static final Logger log = LoggerFactory.getLogger(CaseListener.class);
    static final String SYSTEM = "system";

    private final CaseRouter router;
    private final CaseIntake intake;
    private final CasePublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer latency;

    public CaseListener(CaseRouter router, CaseIntake intake, CasePublisher publisher, Clock clock, MeterRegistry meters) {
        this.router = router;
        this.intake = intake;
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
        // from the post's receivedAt (set by ingest) to its case: the whole pipeline, as a histogram so that
        // percentiles can be computed across instances (histogram_quantile in Prometheus)
        this.latency = Timer.builder("issuedesk.pipeline.latency")
                .description("Time from a post's acceptance by ingest to its case being routed")
                .publishPercentileHistogram()
                .register(meters);
    }

    @KafkaListener(topics = "#{T(org.issuedesk.contracts.Topics).POSTS_CLASSIFIED.name()}")
    public void onClassifiedPost(ConsumerRecord<String, ClassifiedPost> record) {
        ClassifiedPost classified = InvalidClassifiedPostException.check(record.value());
        // millisecond precision: what the database keeps is then exactly what was published
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
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

        CaseIntake.Intake recorded = intake.record(routedCase, routed, new Source(record.partition(), record.offset()));
        switch (recorded.outcome()) {
            case CREATED -> {
                log.info("Post {} → case {} for team {} ({}, priority {})", postId, caseId,
                        routing.team().id(), routing.reason(), routing.priority().id());
                Instant receivedAt = classified.post().receivedAt();
                if (receivedAt != null && !receivedAt.isAfter(now)) {
                    latency.record(Duration.between(receivedAt, now));
                }
                meters.counter("issuedesk.cases.routed", "team", routing.team().id()).increment();
            }
            case REDELIVERED -> log.info("Post {} redelivered: publishing case {} again",
                    postId, recorded.routedCase().caseId());
            case DUPLICATE -> {
                log.info("Post {} already has case {}: duplicate message at {}-{} ignored", postId,
                        recorded.routedCase().caseId(), record.partition(), record.offset());
                return;
            }
        }
        publisher.publish(recorded.routedCase(), recorded.events());
    }
}
