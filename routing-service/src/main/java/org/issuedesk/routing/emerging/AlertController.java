package org.issuedesk.routing.emerging;

import java.util.List;
import java.util.Map;

import org.issuedesk.routing.actor.CurrentActor;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Emerging issues over REST, within the caller's team scope (as cases are): an issue of a team the caller
 * may not read does not exist for them (404), and its linked cases are those of teams they may read.
 */
@RestController
class AlertController {

    private final EmergingIssueRepository issues;
    private final TeamDirectory teams;
    private final CurrentActor actor;

    AlertController(EmergingIssueRepository issues, TeamDirectory teams, CurrentActor actor) {
        this.issues = issues;
        this.teams = teams;
        this.actor = actor;
    }

    /** {@code GET /api/alerts?policyFile=&state=active|open|updated|closed&page=&size=}, newest first. */
    @GetMapping("/api/alerts")
    Page<EmergingIssue> list(@RequestParam Map<String, String> parameters) {
        AlertQuery query = AlertQuery.parse(parameters);
        return issues.page(readableTeams(), query.policyFile(), query.states(), query.page(), query.size());
    }

    @GetMapping("/api/alerts/{id}")
    EmergingIssue one(@PathVariable String id) {
        return visible(id);
    }

    /** {@code GET /api/alerts/{id}/cases?page=&size=}: the cases of the surge's posts, oldest first. */
    @GetMapping("/api/alerts/{id}/cases")
    Page<LinkedCase> cases(@PathVariable String id, @RequestParam Map<String, String> parameters) {
        AlertQuery query = pageOf(parameters);
        visible(id);
        return issues.linkedCases(id, readableTeams(), query.page(), query.size());
    }

    /**
     * {@code GET /api/cases/{caseId}/linked?page=&size=}: the same list, from the emerging-issue case (404
     * for any other case, and for a case of a team the caller may not read).
     */
    @GetMapping("/api/cases/{caseId}/linked")
    Page<LinkedCase> linked(@PathVariable String caseId, @RequestParam Map<String, String> parameters) {
        AlertQuery query = pageOf(parameters);
        EmergingIssue issue = issues.findByCase(caseId).filter(found -> actor.mayRead(found.teamId()))
                .orElseThrow(() -> TeamDirectory.problem(HttpStatus.NOT_FOUND, "Emerging-issue case not found",
                        "No emerging-issue case with id '" + caseId + "'."));
        return issues.linkedCases(issue.alertId(), readableTeams(), query.page(), query.size());
    }

    /** Only the page of a list of linked cases (its other filters do not apply). */
    private static AlertQuery pageOf(Map<String, String> parameters) {
        return AlertQuery.parse(Map.of("page", parameters.getOrDefault("page", ""),
                "size", parameters.getOrDefault("size", "")));
    }

    private EmergingIssue visible(String id) {
        if (id.length() > 200) {
            throw noSuchAlert(id.substring(0, 200) + "...");
        }
        return issues.find(id).filter(issue -> actor.mayRead(issue.teamId())).orElseThrow(() -> noSuchAlert(id));
    }

    private List<String> readableTeams() {
        return teams.all().stream().map(Team::id).filter(actor::mayRead).toList();
    }

    static ErrorResponseException noSuchAlert(String id) {
        return TeamDirectory.problem(HttpStatus.NOT_FOUND, "Alert not found", "No emerging issue with id '" + id + "'.");
    }
}
