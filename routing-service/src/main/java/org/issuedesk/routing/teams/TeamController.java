package org.issuedesk.routing.teams;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The teams, read-only for now: {@code GET /api/teams} and {@code GET /api/teams/{id}}. */
@RestController
@RequestMapping("/api/teams")
public class TeamController {

    private final TeamDirectory teams;

    public TeamController(TeamDirectory teams) {
        this.teams = teams;
    }

    @GetMapping
    public List<Team> all() {
        return teams.all();
    }

    @GetMapping("/{id}")
    public Team one(@PathVariable String id) {
        return teams.find(id).orElseThrow(() -> noSuchTeam(id));
    }

    /** 404 problem+json for a team id that the directory does not know. */
    public static ErrorResponseException noSuchTeam(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No team with id '" + id + "'.");
        problem.setTitle("Team not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
