package org.issuedesk.routing.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.contracts.routing.RoutingFeedback;
import org.issuedesk.routing.outbox.Outbox;
import org.issuedesk.routing.teams.MemberFunction;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamController;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * The life of a case after routing: claim, respond (and approve), resolve, reroute, notes. Each change
 * locks the case's row, checks the transition, updates the case, appends the event to its history and
 * puts the event (and any other record: the new team's queue, the classifier's feedback) in the outbox,
 * all in ONE database transaction; {@link org.issuedesk.routing.outbox.OutboxRelay} publishes them.
 */
@Service
public class CaseWorkflow {

    private static final Set<CaseStatus> CLAIMABLE = Set.of(CaseStatus.OPEN, CaseStatus.ASSIGNED);
    private static final Set<CaseStatus> RESPONDABLE = Set.of(CaseStatus.OPEN, CaseStatus.ASSIGNED, CaseStatus.CLAIMED,
            CaseStatus.RESPONDED);

    private final CaseRepository cases;
    private final TeamDirectory teams;
    private final Outbox outbox;
    private final Assignment assignment;
    private final Clock clock;

    public CaseWorkflow(CaseRepository cases, TeamDirectory teams, Outbox outbox, Assignment assignment, Clock clock) {
        this.cases = cases;
        this.teams = teams;
        this.outbox = outbox;
        this.assignment = assignment;
        this.clock = clock;
    }

    /** Takes a case: one of two people claiming at once wins, the other gets a 409. */
    @Transactional("transactionManager")
    public CaseDetails claim(String caseId, String actor) {
        CaseSummary c = locked(caseId);
        if (!CLAIMABLE.contains(c.status())) {
            throw conflict("Case already taken", "Case " + caseId + " is " + c.status().id()
                    + (c.assignee() == null ? "" : " (" + c.assignee() + ")") + "; only open or assigned cases can be claimed.");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("assignee", actor);
        if (c.assignee() != null && !c.assignee().equals(actor)) {
            details.put("previousAssignee", c.assignee());
        }
        save(with(c, CaseStatus.CLAIMED, actor), CaseEventType.CLAIMED, actor, details);
        return details(caseId);
    }

    /**
     * Records the response as published. When the team requires approval, the case waits for its policy
     * member's approval before the response counts as the first response.
     */
    @Transactional("transactionManager")
    public CaseDetails respond(String caseId, String actor, CaseRequests.Respond response) {
        if (blank(response.textEn()) && blank(response.textFr())) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid request", "A response needs textEn, textFr or both.");
        }
        CaseSummary c = locked(caseId);
        if (!RESPONDABLE.contains(c.status())) {
            throw conflict("Case cannot be responded to", "Case " + caseId + " is " + c.status().id() + ".");
        }
        Team team = team(c.teamId());
        boolean needsApproval = team.responseApproval();
        Instant now = now();
        Map<String, String> details = new LinkedHashMap<>();
        putIfPresent(details, "textEn", response.textEn());
        putIfPresent(details, "textFr", response.textFr());
        details.put("channel", response.channel());
        putIfPresent(details, "link", response.link());
        details.put("approval", needsApproval ? "pending" : "not-required");
        CaseSummary after = new CaseSummary(c.id(), c.postId(), c.teamId(), c.policyFile(), c.issueKind(), c.language(),
                needsApproval ? CaseStatus.AWAITING_APPROVAL : CaseStatus.RESPONDED, c.priority(), c.dueBy(), c.reason(),
                c.author(), c.platform(), c.text(), c.url(), c.createdAt(), c.routedAt(),
                c.assignee() == null ? actor : c.assignee(),
                needsApproval || c.firstResponseAt() != null ? c.firstResponseAt() : now, c.resolvedAt(), c.escalatedAt());
        save(after, CaseEventType.RESPONDED, actor, details);
        return details(caseId);
    }

    /** The team's policy member approves a response that waits for approval. */
    @Transactional("transactionManager")
    public CaseDetails approve(String caseId, String actor) {
        CaseSummary c = locked(caseId);
        if (c.status() != CaseStatus.AWAITING_APPROVAL) {
            throw conflict("Nothing to approve", "Case " + caseId + " is " + c.status().id() + ", not awaiting approval.");
        }
        Team team = team(c.teamId());
        boolean policyMember = team.member(actor).map(m -> m.function() == MemberFunction.POLICY).orElse(false);
        if (!policyMember) {
            throw problem(HttpStatus.FORBIDDEN, "Approval refused",
                    "Only a policy member of team " + team.id() + " can approve its responses.");
        }
        CaseSummary after = new CaseSummary(c.id(), c.postId(), c.teamId(), c.policyFile(), c.issueKind(), c.language(),
                CaseStatus.RESPONDED, c.priority(), c.dueBy(), c.reason(), c.author(), c.platform(), c.text(), c.url(),
                c.createdAt(), c.routedAt(), c.assignee(), c.firstResponseAt() != null ? c.firstResponseAt() : now(),
                c.resolvedAt(), c.escalatedAt());
        save(after, CaseEventType.APPROVED, actor, Map.of());
        return details(caseId);
    }

    /** Closes a case; the member's capacity frees up, so a waiting case may be assigned to them. */
    @Transactional("transactionManager")
    public CaseDetails resolve(String caseId, String actor, CaseRequests.Resolve resolve) {
        CaseSummary c = locked(caseId);
        if (c.status() == CaseStatus.RESOLVED) {
            throw conflict("Case already resolved", "Case " + caseId + " is already resolved.");
        }
        Map<String, String> details = new LinkedHashMap<>();
        putIfPresent(details, "resolution", resolve == null ? null : resolve.resolution());
        CaseSummary after = new CaseSummary(c.id(), c.postId(), c.teamId(), c.policyFile(), c.issueKind(), c.language(),
                CaseStatus.RESOLVED, c.priority(), c.dueBy(), c.reason(), c.author(), c.platform(), c.text(), c.url(),
                c.createdAt(), c.routedAt(), c.assignee(), c.firstResponseAt(), now(), c.escalatedAt());
        save(after, CaseEventType.RESOLVED, actor, details);
        assignment.assignWaiting(c.teamId());
        return details(caseId);
    }

    /**
     * Moves a case to another policy file (its owner, else triage) and/or another team, optionally with a
     * corrected issue kind. The case restarts in the new team's queue with a new first-response clock, and
     * the correction goes to {@code routing.feedback} for the classifier.
     */
    @Transactional("transactionManager")
    public CaseDetails reroute(String caseId, String actor, CaseRequests.Reroute reroute) {
        if (reroute.teamId() == null && reroute.policyFile() == null && reroute.issueKind() == null) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid request", "A reroute needs teamId, policyFile or issueKind.");
        }
        CaseSummary c = locked(caseId);
        if (c.status() == CaseStatus.RESOLVED) {
            throw conflict("Case already resolved", "Case " + caseId + " is resolved; it cannot be rerouted.");
        }
        String policyFile = reroute.policyFile() != null ? reroute.policyFile() : c.policyFile();
        IssueKind kind = reroute.issueKind() != null ? reroute.issueKind() : c.issueKind();
        Team target;
        if (reroute.teamId() != null) {
            target = teams.find(reroute.teamId()).orElseThrow(() -> TeamController.noSuchTeam(reroute.teamId()));
        } else if (reroute.policyFile() != null) {
            target = teams.ownerOf(policyFile).orElseGet(teams::triage);
        } else {
            target = team(c.teamId());
        }
        Instant now = now();
        String reason = "rerouted to " + target.id() + " by " + actor
                + (policyFile == null ? "" : " (policy file " + policyFile + ")")
                + (blank(reroute.reason()) ? "" : ": " + reroute.reason());
        CaseSummary after = new CaseSummary(c.id(), c.postId(), target.id(), policyFile, kind, c.language(),
                CaseStatus.OPEN, CaseRouter.priorityOf(kind).compareTo(c.priority()) > 0 ? CaseRouter.priorityOf(kind) : c.priority(),
                now.plus(target.firstResponseSla()), reason, c.author(), c.platform(), c.text(), c.url(), c.createdAt(),
                c.routedAt(), null, null, null, null);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("fromTeam", c.teamId());
        details.put("toTeam", target.id());
        putIfPresent(details, "fromPolicyFile", c.policyFile());
        putIfPresent(details, "toPolicyFile", policyFile);
        details.put("fromIssueKind", c.issueKind().id());
        details.put("toIssueKind", kind.id());
        details.put("reason", reason);
        details.put("dueBy", after.dueBy().toString());
        save(after, CaseEventType.REROUTED, actor, details);

        ClassifiedPost classified = cases.classifiedPost(caseId);
        outbox.add(Topics.teamQueue(target.id()), c.postId(), new RoutedCase(RoutedCase.SCHEMA_VERSION, c.id(),
                target.id(), after.priority(), after.dueBy(), reason, classified, now));
        outbox.add(Topics.ROUTING_FEEDBACK, c.postId(), new RoutingFeedback(RoutingFeedback.SCHEMA_VERSION, c.postId(),
                c.id(), c.text(), c.language(), c.policyFile(), policyFile, c.issueKind(), kind, actor, now));
        assignment.assignWaiting(target.id());
        if (!target.id().equals(c.teamId())) {
            assignment.assignWaiting(c.teamId());
        }
        return details(caseId);
    }

    /** Adds a note to the case's history. */
    @Transactional("transactionManager")
    public CaseDetails note(String caseId, String actor, CaseRequests.Note note) {
        CaseSummary c = locked(caseId);
        save(c, CaseEventType.NOTED, actor, Map.of("text", note.text()));
        return details(caseId);
    }

    // --- shared with Assignment and the SLA clock -------------------------------------------------------

    /** Writes the case, appends the event to its history and to the outbox (caller's transaction). */
    CaseEvent save(CaseSummary after, CaseEventType type, String actor, Map<String, String> details) {
        cases.update(after);
        CaseEvent event = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), after.id(), type,
                after.postId(), after.teamId(), actor, details, now());
        cases.addEvent(event);
        outbox.add(Topics.CASES_EVENTS, after.id(), event);
        return event;
    }

    CaseSummary locked(String caseId) {
        return cases.lock(caseId).orElseThrow(() -> CaseController.noSuchCase(caseId));
    }

    private Team team(String teamId) {
        return teams.find(teamId).orElseGet(teams::triage);
    }

    private CaseDetails details(String caseId) {
        return cases.find(caseId).orElseThrow();
    }

    private Instant now() {
        // millisecond precision, as in the database
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static CaseSummary with(CaseSummary c, CaseStatus status, String assignee) {
        return new CaseSummary(c.id(), c.postId(), c.teamId(), c.policyFile(), c.issueKind(), c.language(), status,
                c.priority(), c.dueBy(), c.reason(), c.author(), c.platform(), c.text(), c.url(), c.createdAt(),
                c.routedAt(), assignee, c.firstResponseAt(), c.resolvedAt(), c.escalatedAt());
    }

    private static void putIfPresent(Map<String, String> details, String key, String value) {
        if (!blank(value)) {
            details.put(key, value);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ErrorResponseException conflict(String title, String detail) {
        return problem(HttpStatus.CONFLICT, title, detail);
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        return TeamDirectory.problem(status, title, detail);
    }

    Optional<CaseSummary> find(String caseId) {
        return cases.find(caseId).map(CaseDetails::summary);
    }
}
