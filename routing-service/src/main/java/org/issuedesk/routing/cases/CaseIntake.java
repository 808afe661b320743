package org.issuedesk.routing.cases;

import java.util.ArrayList;
import java.util.List;

import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.routing.cases.CaseRepository.Outcome;
import org.issuedesk.routing.cases.CaseRepository.Recorded;
import org.issuedesk.routing.cases.CaseRepository.Source;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The database side of routing one post, in ONE transaction: the case (idempotent by post id) and, in a
 * balanced team, its first assignment. Returns the events to publish with the case, in order.
 */
@Service
public class CaseIntake {

    private final CaseRepository cases;
    private final Assignment assignment;

    public CaseIntake(CaseRepository cases, Assignment assignment) {
        this.cases = cases;
        this.assignment = assignment;
    }

    /** The outcome, the case as stored, and its routing-time events (routed, then assigned if any). */
    public record Intake(Outcome outcome, RoutedCase routedCase, List<CaseEvent> events) {
    }

    @Transactional("transactionManager")
    public Intake record(RoutedCase candidate, CaseEvent routed, Source source) {
        Recorded recorded = cases.recordIfAbsent(candidate, routed, source);
        List<CaseEvent> events = new ArrayList<>();
        events.add(recorded.routed());
        switch (recorded.outcome()) {
            case CREATED -> assignment.assignOnRouting(candidate.caseId()).ifPresent(events::add);
            // the transaction that created the case also made its assignment: publish both again
            case REDELIVERED -> events.addAll(cases.assignedOnRouting(recorded.routedCase().caseId(),
                    recorded.routedCase().post().post().id()));
            case DUPLICATE -> events.clear();
        }
        return new Intake(recorded.outcome(), recorded.routedCase(), events);
    }
}
