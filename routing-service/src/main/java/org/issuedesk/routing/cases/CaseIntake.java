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
 * The database side of routing posts: per post, the case (idempotent by post id) and, in a balanced team,
 * its first assignment, in ONE transaction; a whole poll of posts in one transaction too
 * ({@link #recordAll}). Returns the events to publish with each case, in order.
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

    /** A case to store, with its routed event and the record it came from. */
    public record Candidate(RoutedCase routedCase, CaseEvent routed, Source source) {
    }

    /**
     * Records a poll's cases in one database transaction (one commit, not one per post), in order: a
     * second record of the same post in the poll sees the first one's case and is a duplicate.
     */
    @Transactional("transactionManager")
    public List<Intake> recordAll(List<Candidate> candidates) {
        // the cases first, in one JDBC batch, then the assignments in order: an assignment depends only on
        // the cases already assigned, so the members chosen are the ones a post-by-post intake would choose
        List<Recorded> stored = cases.recordAllIfAbsent(candidates);
        List<Intake> recorded = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            recorded.add(intake(candidates.get(i).routedCase(), stored.get(i)));
        }
        return recorded;
    }

    @Transactional("transactionManager")
    public Intake record(RoutedCase candidate, CaseEvent routed, Source source) {
        return intake(candidate, cases.recordIfAbsent(candidate, routed, source));
    }

    private Intake intake(RoutedCase candidate, Recorded recorded) {
        List<CaseEvent> events = new ArrayList<>();
        events.add(recorded.routed());
        switch (recorded.outcome()) {
            case CREATED -> assignment.assignOnRouting(candidate.caseId(), candidate.teamId()).ifPresent(events::add);
            // the transaction that created the case also made its assignment: publish both again
            case REDELIVERED -> events.addAll(cases.assignedOnRouting(recorded.routedCase().caseId(),
                    recorded.routedCase().post().post().id()));
            case DUPLICATE -> events.clear();
        }
        return new Intake(recorded.outcome(), recorded.routedCase(), events);
    }
}
