package org.issuedesk.routing.cases;

import java.util.List;

import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.support.kafka.RecordTracing;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a case in its team's queue and announces it on {@code cases.events}. The template is
 * transactional: called from the listener, both records join the listener's transaction and appear to
 * read_committed consumers together with the consumed offset, or not at all. (Called outside a
 * transaction, the template refuses to send.)
 */
@Component
public class CasePublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final RecordTracing tracing;

    public CasePublisher(KafkaTemplate<String, Object> kafka, RecordTracing tracing) {
        // two records per case: in the post's trace (tracing.record), without an observation each
        this.kafka = RecordTracing.unobserved(kafka);
        this.tracing = tracing;
    }

    /** Sends in the current trace: CaseListener calls this in the trace of the post's record. */
    public void publish(RoutedCase routedCase, List<CaseEvent> events) {
        // no waiting on the send results: a failed send fails the transaction's commit, which rolls back
        kafka.send(tracing.record(Topics.teamQueue(routedCase.teamId()).name(), routedCase.post().post().id(),
                routedCase));
        for (CaseEvent event : events) {
            kafka.send(tracing.record(Topics.CASES_EVENTS.name(), event.caseId(), event));
        }
    }
}
