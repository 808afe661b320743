package org.issuedesk.routing.cases;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.issuedesk.routing.actor.CurrentActor;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamController;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import jakarta.validation.Valid;

/**
 * A team's queue, one case with its history, and the workflow actions on a case. Every action answers
 * the case as it is after the change, with its history; the acting person and their team scope come from
 * {@link CurrentActor}: a case of a team the caller may not read answers 404, as an unknown id does.
 */
@RestController
public class CaseController {

    private final TeamDirectory teams;
    private final CaseRepository cases;
    private final CaseWorkflow workflow;
    private final CurrentActor actor;
    private final CaseUpdates updates;

    public CaseController(TeamDirectory teams, CaseRepository cases, CaseWorkflow workflow, CurrentActor actor,
            CaseUpdates updates) {
        this.teams = teams;
        this.cases = cases;
        this.workflow = workflow;
        this.actor = actor;
        this.updates = updates;
    }

    /**
     * {@code GET /api/teams/{teamId}/cases?status=&priority=&kind=&language=&assignee=&policyFile=&sort=&page=&size=}:
     * {@code status} one or more (comma-separated or repeated; {@code active}: all but resolved), {@code assignee}
     * and {@code policyFile} {@code none} for the cases without one; {@code sort} is {@code routed} (newest first,
     * the default), {@code priority} (most urgent, then soonest due) or {@code due}; {@code page} from 0,
     * {@code size} 1 to 100 (20 by default).
     */
    @GetMapping("/api/teams/{teamId}/cases")
    public CasePage teamCases(@PathVariable String teamId, @RequestParam MultiValueMap<String, String> parameters) {
        return cases.page(readable(teamId), CaseQuery.parse(parameters));
    }

    /**
     * {@code GET /api/cases?team=a,b&...}: the cases of several teams in one list, with the filters of a team's
     * queue; {@code team} (comma-separated or repeated) defaults to every team the caller may read.
     */
    @GetMapping("/api/cases")
    public CasePage casesOfTeams(@RequestParam MultiValueMap<String, String> parameters) {
        return cases.page(readable(parameters.get("team")), CaseQuery.parse(parameters));
    }

    /**
     * {@code GET /api/teams/{teamId}/cases/events}: a server-sent-event stream of the changes of the team's cases
     * ({@code event: case}, data {@code {caseId,type,teamId,fromTeamId,status,occurredAt}}), with a {@code ready}
     * event first and heartbeat comments; it ends after {@code issuedesk.routing.updates.lifetime} and the client
     * reconnects.
     */
    @GetMapping("/api/teams/{teamId}/cases/events")
    public SseEmitter teamEvents(@PathVariable String teamId) {
        return updates.subscribe(Set.of(readable(teamId)));
    }

    /** {@code GET /api/cases/events?team=a,b}: one stream for several teams (default: every team the caller reads). */
    @GetMapping("/api/cases/events")
    public SseEmitter events(@RequestParam MultiValueMap<String, String> parameters) {
        return updates.subscribe(readable(parameters.get("team")));
    }

    @GetMapping("/api/cases/{id}")
    public CaseDetails one(@PathVariable String id) {
        return visible(id);
    }

    @PostMapping("/api/cases/{id}/claim")
    public CaseDetails claim(@PathVariable String id) {
        return workflow.claim(id, actorOn(id));
    }

    @PostMapping("/api/cases/{id}/respond")
    public CaseDetails respond(@PathVariable String id, @Valid @RequestBody CaseRequests.Respond body) {
        return workflow.respond(id, actorOn(id), body);
    }

    @PostMapping("/api/cases/{id}/approve")
    public CaseDetails approve(@PathVariable String id) {
        return workflow.approve(id, actorOn(id));
    }

    @PostMapping("/api/cases/{id}/resolve")
    public CaseDetails resolve(@PathVariable String id, @Valid @RequestBody(required = false) CaseRequests.Resolve body) {
        return workflow.resolve(id, actorOn(id), body);
    }

    @PostMapping("/api/cases/{id}/reroute")
    public CaseDetails reroute(@PathVariable String id, @Valid @RequestBody CaseRequests.Reroute body) {
        return workflow.reroute(id, actorOn(id), body);
    }

    @PostMapping("/api/cases/{id}/notes")
    public CaseDetails note(@PathVariable String id, @Valid @RequestBody CaseRequests.Note body) {
        return workflow.note(id, actorOn(id), body);
    }

    /** The team, if it exists (404) and the caller may read its queue (403). */
    private String readable(String teamId) {
        if (teams.find(teamId).isEmpty()) {
            throw TeamController.noSuchTeam(teamId);
        }
        if (!actor.mayRead(teamId)) {
            throw TeamDirectory.problem(HttpStatus.FORBIDDEN, "Not your team",
                    "Only members and leads of team " + teamId + ", analysts and admins see its queue.");
        }
        return teamId;
    }

    /** The teams named (comma-separated or repeated), each readable; none named: every team the caller reads. */
    private Set<String> readable(List<String> named) {
        Set<String> teamIds = new LinkedHashSet<>();
        if (named != null) {
            named.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::trim)
                    .filter(id -> !id.isEmpty()).forEach(id -> teamIds.add(readable(id)));
        }
        if (teamIds.isEmpty()) {
            teams.all().stream().map(Team::id).filter(actor::mayRead).forEach(teamIds::add);
        }
        if (teamIds.isEmpty()) {
            throw TeamDirectory.problem(HttpStatus.FORBIDDEN, "No team",
                    "The caller is a member of no team, nor an analyst or admin: there is no queue to show.");
        }
        return teamIds;
    }

    /** The case, if the caller may read its team's cases; otherwise it does not exist for them (404). */
    private CaseDetails visible(String caseId) {
        return cases.find(caseId).filter(found -> actor.mayRead(found.summary().teamId()))
                .orElseThrow(() -> noSuchCase(caseId));
    }

    /** The actor, allowed to act on this case's team (403 for a reader who may not change it). */
    private String actorOn(String caseId) {
        return actor.actingOn(visible(caseId).summary().teamId());
    }

    static ErrorResponseException noSuchCase(String id) {
        return TeamDirectory.problem(HttpStatus.NOT_FOUND, "Case not found", "No case with id '" + id + "'.");
    }
}
