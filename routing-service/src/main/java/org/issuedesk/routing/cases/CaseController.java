package org.issuedesk.routing.cases;

import org.issuedesk.routing.teams.TeamController;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A team's queue and one case with its history. */
@RestController
public class CaseController {

    private final TeamDirectory teams;
    private final CaseRepository cases;

    public CaseController(TeamDirectory teams, CaseRepository cases) {
        this.teams = teams;
        this.cases = cases;
    }

    /**
     * {@code GET /api/teams/{teamId}/cases?status=&priority=&page=&size=}: newest first, then by priority;
     * {@code page} from 0, {@code size} 1 to 100 (20 by default).
     */
    @GetMapping("/api/teams/{teamId}/cases")
    public CasePage teamCases(@PathVariable String teamId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String priority,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String size) {
        if (teams.find(teamId).isEmpty()) {
            throw TeamController.noSuchTeam(teamId);
        }
        return cases.page(teamId, CaseQuery.parse(status, priority, page, size));
    }

    @GetMapping("/api/cases/{id}")
    public CaseDetails one(@PathVariable String id) {
        return cases.find(id).orElseThrow(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No case with id '" + id + "'.");
            problem.setTitle("Case not found");
            return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        });
    }
}
