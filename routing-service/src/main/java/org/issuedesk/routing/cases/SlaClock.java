package org.issuedesk.routing.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first-response SLA clock. Due times are columns of the cases, so the clock survives restarts: a
 * scan (periodic, see {@link SlaScheduler}) finds the cases past due without a first response and
 * escalates each once, in its own transaction: priority raised one step, reassigned to another available
 * member if one can take it, and an {@code escalated} event naming the leads to notify. The same scan
 * assigns the waiting cases of balanced teams (a safety net for availability changes).
 */
@Component
public class SlaClock {

    private static final Logger log = LoggerFactory.getLogger(SlaClock.class);
    private static final int BATCH = 100;
    private static final Set<CaseStatus> REASSIGNABLE = Set.of(CaseStatus.OPEN, CaseStatus.ASSIGNED, CaseStatus.CLAIMED);

    private final CaseRepository cases;
    private final CaseWorkflow workflow;
    private final Assignment assignment;
    private final TeamDirectory teams;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public SlaClock(CaseRepository cases, CaseWorkflow workflow, Assignment assignment, TeamDirectory teams,
            @Qualifier("transactionManager") PlatformTransactionManager transactionManager, Clock clock) {
        this.cases = cases;
        this.workflow = workflow;
        this.assignment = assignment;
        this.teams = teams;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Escalates every breached case; returns how many. */
    public int scan() {
        for (Team team : teams.all()) {
            transaction.executeWithoutResult(status -> assignment.assignWaiting(team.id()));
        }
        int escalated = 0;
        List<String> breached;
        do {
            breached = cases.breached(now(), BATCH);
            for (String caseId : breached) {
                Boolean done = transaction.execute(status -> escalate(caseId));
                if (Boolean.TRUE.equals(done)) {
                    escalated++;
                }
            }
        } while (breached.size() == BATCH);
        return escalated;
    }

    private boolean escalate(String caseId) {
        CaseSummary c = workflow.locked(caseId);
        Instant now = now();
        // checked again under the lock: a response or another scan may have come first
        if (c.firstResponseAt() != null || c.escalatedAt() != null || c.status() == CaseStatus.RESOLVED
                || c.dueBy().isAfter(now)) {
            return false;
        }
        Team team = teams.find(c.teamId()).orElseGet(teams::triage);
        // a response awaiting approval is someone's work in progress: it is escalated, not taken away
        Optional<String> newAssignee = REASSIGNABLE.contains(c.status()) ? assignment.reassign(c, team) : Optional.empty();
        List<String> leads = team.members().stream().filter(Team.Member::lead).map(Team.Member::handle).toList();
        CaseStatus status = newAssignee.isPresent() ? CaseStatus.ASSIGNED : c.status();
        CaseSummary after = new CaseSummary(c.id(), c.postId(), c.teamId(), c.policyFile(), c.issueKind(), c.language(),
                status, c.priority().raised(), c.dueBy(), c.reason(), c.author(), c.platform(), c.text(), c.url(),
                c.createdAt(), c.routedAt(), newAssignee.orElse(c.assignee()), c.firstResponseAt(), c.resolvedAt(), now);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", "no first response by " + c.dueBy());
        details.put("dueBy", c.dueBy().toString());
        details.put("previousPriority", c.priority().id());
        details.put("priority", after.priority().id());
        details.put("notify", String.join(",", leads));
        if (c.assignee() != null) {
            details.put("previousAssignee", c.assignee());
        }
        newAssignee.ifPresent(handle -> details.put("assignee", handle));
        workflow.save(after, CaseEventType.ESCALATED, Assignment.SYSTEM, details);
        log.info("Case {} breached its SLA (due {}): priority {}, assignee {}, leads notified {}", caseId, c.dueBy(),
                after.priority().id(), after.assignee(), leads);
        return true;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
