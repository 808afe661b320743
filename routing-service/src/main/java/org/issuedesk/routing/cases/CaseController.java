package org.issuedesk.routing.cases;

import java.util.Map;

import org.issuedesk.routing.actor.CurrentActor;
import org.issuedesk.routing.teams.TeamController;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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

    public CaseController(TeamDirectory teams, CaseRepository cases, CaseWorkflow workflow, CurrentActor actor) {
        this.teams = teams;
        this.cases = cases;
        this.workflow = workflow;
        this.actor = actor;
    }

    /**
     * {@code GET /api/teams/{teamId}/cases?status=&priority=&kind=&language=&assignee=&sort=&page=&size=}:
     * {@code sort} is {@code routed} (newest first, the default), {@code priority} (most urgent, then soonest
     * due) or {@code due}; {@code page} from 0, {@code size} 1 to 100 (20 by default).
     */
    @GetMapping("/api/teams/{teamId}/cases")
    public CasePage teamCases(@PathVariable String teamId, @RequestParam Map<String, String> parameters) {
        if (teams.find(teamId).isEmpty()) {
            throw TeamController.noSuchTeam(teamId);
        }
        if (!actor.mayRead(teamId)) {
            throw TeamDirectory.problem(HttpStatus.FORBIDDEN, "Not your team",
                    "Only members and leads of team " + teamId + ", analysts and admins see its queue.");
        }
        return cases.page(teamId, CaseQuery.parse(parameters));
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
