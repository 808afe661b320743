package org.issuedesk.routing.teams;

import java.util.List;

import org.issuedesk.contracts.Topics;
import org.issuedesk.support.identity.RequiresRole;
import org.issuedesk.support.kafka.TopicDeclarations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The teams: {@code GET /api/teams}, {@code GET/PUT/DELETE /api/teams/{id}}. A PUT creates or replaces
 * a team (201 or 200) and makes sure its {@code team-queue.<id>} topic exists; a policy file that another
 * team owns is a 409.
 */
@RequiresRole // reading teams: any role; changing them: admins (as at the gateway)
@RestController
@RequestMapping("/api/teams")
public class TeamController {

    private static final Logger log = LoggerFactory.getLogger(TeamController.class);

    private final TeamDirectory teams;
    private final KafkaAdmin admin;
    private final TopicDeclarations declarations;
    private final ApplicationEventPublisher events;

    public TeamController(TeamDirectory teams, KafkaAdmin admin, TopicDeclarations declarations,
            ApplicationEventPublisher events) {
        this.teams = teams;
        this.admin = admin;
        this.declarations = declarations;
        this.events = events;
    }

    /** A team was created or changed (members, availability, capacity): its waiting cases may now be assigned. */
    public record TeamSaved(String teamId) {
    }

    @GetMapping
    public List<Team> all() {
        return teams.all();
    }

    @GetMapping("/{id}")
    public Team one(@PathVariable String id) {
        return teams.find(id).orElseThrow(() -> noSuchTeam(id));
    }

    @RequiresRole("admin")
    @PutMapping("/{id}")
    public ResponseEntity<Team> put(@PathVariable String id, @RequestBody Team body) {
        if (body.id() != null && !body.id().equals(id)) {
            throw TeamDirectory.problem(HttpStatus.BAD_REQUEST, "Invalid team",
                    "The id in the body (" + body.id() + ") differs from the one in the path (" + id + ").");
        }
        Team team = body.withId(id);
        TeamDirectory.Saved saved = teams.save(team);
        try {
            // idempotent: creates the topic if missing, so repeating a PUT repairs a failed creation
            admin.createOrModifyTopics(declarations.declare(Topics.teamQueue(id)));
        } catch (KafkaException e) {
            log.warn("Team {} saved but its queue topic could not be created: {}", id, e.getMessage());
            throw TeamDirectory.problem(HttpStatus.SERVICE_UNAVAILABLE, "Queue topic not created",
                    "Team '" + id + "' was saved but its topic team-queue." + id + " could not be created; repeat the PUT.");
        }
        events.publishEvent(new TeamSaved(id));
        Team stored = teams.find(id).orElseThrow();
        return ResponseEntity.status(saved == TeamDirectory.Saved.CREATED ? HttpStatus.CREATED : HttpStatus.OK).body(stored);
    }

    @RequiresRole("admin")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        if (!teams.delete(id)) {
            throw noSuchTeam(id);
        }
        // the topic stays: it holds the team's history, and consumers may still be reading it
        return ResponseEntity.noContent().build();
    }

    /** 404 problem+json for a team id that the directory does not know. */
    public static ErrorResponseException noSuchTeam(String id) {
        return TeamDirectory.problem(HttpStatus.NOT_FOUND, "Team not found", "No team with id '" + id + "'.");
    }
}
