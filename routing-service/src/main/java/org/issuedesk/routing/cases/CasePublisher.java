package org.issuedesk.routing.cases;

import java.util.List;

import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.RoutedCase;
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

    public CasePublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    public void publish(RoutedCase routedCase, List<CaseEvent> events) {
        // no waiting on the send results: a failed send fails the transaction's commit, which rolls back
        kafka.send(Topics.teamQueue(routedCase.teamId()).name(), routedCase.post().post().id(), routedCase);
        for (CaseEvent event : events) {
            kafka.send(Topics.CASES_EVENTS.name(), event.caseId(), event);
        }
    }
}
