package org.issuedesk.routing.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.routing.cases.CaseRepository.Recorded;
import org.issuedesk.routing.cases.CaseRepository.Source;
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
 * {@link CaseRepository#recordIfAbsent}), so a redelivery publishes the same case again and a duplicate
 * message publishes nothing. A failure rolls everything back to be retried, or dead-lettered (see
 * {@code RoutingKafkaConfiguration}).
 */
@Component
public class CaseListener {

    private static final Logger log = LoggerFactory.getLogger(CaseListener.class);
    static final String SYSTEM = "system";

    private final CaseRouter router;
    private final CaseRepository cases;
    private final CasePublisher publisher;
    private final Clock clock;

    public CaseListener(CaseRouter router, CaseRepository cases, CasePublisher publisher, Clock clock) {
        this.router = router;
        this.cases = cases;
        this.publisher = publisher;
        this.clock = clock;
    }

    @KafkaListener(topics = "#{T(org.issuedesk.contracts.Topics).POSTS_CLASSIFIED.name()}")
    public void onClassifiedPost(ConsumerRecord<String, ClassifiedPost> record) {
        ClassifiedPost classified = InvalidClassifiedPostException.check(record.value());
        // millisecond precision: what the database keeps is then exactly what was published
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CaseRouter.Routing routing = router.route(classified);
        String caseId = UUID.randomUUID().toString();
        String postId = classified.post().id();
        RoutedCase routedCase = new RoutedCase(RoutedCase.SCHEMA_VERSION, caseId, routing.team().id(),
                routing.priority(), now.plus(routing.team().firstResponseSla()), routing.reason(), classified, now);
        CaseEvent routed = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), caseId,
                CaseEventType.ROUTED, postId, routing.team().id(), SYSTEM,
                Map.of("reason", routing.reason(), "priority", routing.priority().id(),
                        "dueBy", routedCase.dueBy().toString()), now);

        Recorded recorded = cases.recordIfAbsent(routedCase, routed, new Source(record.partition(), record.offset()));
        switch (recorded.outcome()) {
            case CREATED -> log.info("Post {} → case {} for team {} ({}, priority {})", postId, caseId,
                    routing.team().id(), routing.reason(), routing.priority().id());
            case REDELIVERED -> log.info("Post {} redelivered: publishing case {} again",
                    postId, recorded.routedCase().caseId());
            case DUPLICATE -> {
                log.info("Post {} already has case {}: duplicate message at {}-{} ignored", postId,
                        recorded.routedCase().caseId(), record.partition(), record.offset());
                return;
            }
        }
        publisher.publish(recorded.routedCase(), recorded.routed());
    }
}
