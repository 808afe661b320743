package org.issuedesk.routing.cases;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.routing.outbox.Outbox;
import org.issuedesk.routing.teams.AssignmentMode;
import org.issuedesk.routing.teams.MemberFunction;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamController;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assignment inside a team, for teams in {@link AssignmentMode#BALANCED} mode (a {@link AssignmentMode#CLAIM}
 * team's cases wait to be claimed). The member chosen: available (never away), below their capacity of
 * open cases, working in French for a French post; among them a member of the function that acts
 * first on this case (see {@link RoutingRules}; another function only when none of those can take it),
 * then the fewest open cases, then the team's order. When nobody can take a case it stays open in the queue; {@link #assignWaiting} assigns
 * it as soon as someone can (called on resolve, reroute, a team change, and by a periodic scan).
 */
@Component
public class Assignment {

    static final String SYSTEM = "system";
    private static final int SCAN_LIMIT = 200;

    private final CaseRepository cases;
    private final TeamDirectory teams;
    private final RoutingRules rules;
    private final Outbox outbox;
    private final Clock clock;

    public Assignment(CaseRepository cases, TeamDirectory teams, RoutingRules rules, Outbox outbox, Clock clock) {
        this.cases = cases;
        this.teams = teams;
        this.rules = rules;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Assigns a case that routing has just created, in the routing transaction; the event is returned to
     * be published with the routed one (not through the outbox), so that it follows it on the topic.
     */
    @Transactional(value = "transactionManager", propagation = Propagation.MANDATORY)
    public Optional<CaseEvent> assignOnRouting(String caseId) {
        return assign(caseId, false, "routed");
    }

    /**
     * {@link #assignOnRouting(String)} for a case routed to {@code teamId}: a team that does not assign
     * (claim mode, the shipped default) costs no locked read of the case.
     */
    @Transactional(value = "transactionManager", propagation = Propagation.MANDATORY)
    public Optional<CaseEvent> assignOnRouting(String caseId, String teamId) {
        if (teams.find(teamId).filter(t -> t.assignment() == AssignmentMode.BALANCED).isEmpty()) {
            return Optional.empty();
        }
        return assign(caseId, false, "routed");
    }

    /** Assigns the waiting cases of a balanced team, oldest first, as far as its members have room. */
    @Transactional(value = "transactionManager", propagation = Propagation.MANDATORY)
    public int assignWaiting(String teamId) {
        Optional<Team> team = teams.find(teamId);
        if (team.isEmpty() || team.get().assignment() != AssignmentMode.BALANCED) {
            return 0;
        }
        int assigned = 0;
        for (String caseId : cases.unassigned(teamId, SCAN_LIMIT)) {
            if (assign(caseId, true, "waiting").isPresent()) {
                assigned++;
            }
        }
        return assigned;
    }

    /** A team changed: assign what its members can now take (in a transaction of its own). */
    @EventListener
    @Transactional("transactionManager")
    public void onTeamSaved(TeamController.TeamSaved saved) {
        assignWaiting(saved.teamId());
    }

    /** Assigns an escalated case to another available member than its assignee, if there is one. */
    @Transactional(value = "transactionManager", propagation = Propagation.MANDATORY)
    public Optional<String> reassign(CaseSummary c, Team team) {
        return pick(team, c, c.assignee());
    }

    private Optional<CaseEvent> assign(String caseId, boolean viaOutbox, String trigger) {
        Optional<CaseSummary> found = cases.lock(caseId);
        if (found.isEmpty() || found.get().status() != CaseStatus.OPEN || found.get().assignee() != null) {
            return Optional.empty();
        }
        CaseSummary c = found.get();
        Optional<Team> team = teams.find(c.teamId()).filter(t -> t.assignment() == AssignmentMode.BALANCED);
        if (team.isEmpty()) {
            return Optional.empty();
        }
        return pick(team.get(), c, null).map(handle -> {
            CaseSummary after = CaseWorkflow.with(c, CaseStatus.ASSIGNED, handle);
            cases.update(after);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("assignee", handle);
            details.put("trigger", trigger);
            details.put("reason", "balanced assignment: fewest open cases among available members with room"
                    + ("fr".equals(c.language()) ? " who work in French" : ""));
            CaseEvent event = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), c.id(),
                    CaseEventType.ASSIGNED, c.postId(), c.teamId(), SYSTEM, details,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            cases.addEvent(event);
            if (viaOutbox) {
                outbox.add(Topics.CASES_EVENTS, c.id(), event);
            }
            return event;
        });
    }

    /** The member who should take the case, if anyone can; never {@code except}. */
    Optional<String> pick(Team team, CaseSummary c, String except) {
        Map<String, Long> open = cases.openCasesByAssignee(team.id());
        // the follower count lives only in the stored post: read it only if a reach rule needs it
        List<MemberFunction> acting = rules.actingFunctions(c.issueKind(), c.author(),
                () -> cases.classifiedPost(c.id()).post().authorFollowers());
        List<Team.Member> members = team.members();
        return members.stream()
                .filter(Team.Member::available)
                .filter(m -> !m.handle().equals(except))
                .filter(m -> open.getOrDefault(m.handle(), 0L) < m.capacity())
                .filter(m -> !"fr".equals(c.language()) || m.speaks("fr"))
                .min(Comparator.<Team.Member>comparingInt(m -> acting.contains(m.function()) ? 0 : 1)
                        .thenComparingLong(m -> open.getOrDefault(m.handle(), 0L))
                        .thenComparingInt(members::indexOf))
                .map(Team.Member::handle);
    }
}
