package org.issuedesk.routing.cases;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.stereotype.Component;

/**
 * Decides where a classified post goes and how urgent it is, and says why in words a person reads on
 * the case. The first rules of routing: the owning team of the policy file, else triage; the priority
 * from the issue kind.
 */
@Component
public class CaseRouter {

    private final TeamDirectory teams;

    public CaseRouter(TeamDirectory teams) {
        this.teams = teams;
    }

    /** The decision for one post. */
    public record Routing(Team team, Priority priority, String reason) {
    }

    public Routing route(ClassifiedPost classified) {
        String policyFile = classified.policyFile();
        Priority priority = priorityOf(classified.issueKind());
        if (policyFile == null) {
            return new Routing(teams.triage(), priority, "no policy file → " + Team.TRIAGE);
        }
        return teams.ownerOf(policyFile)
                .map(owner -> new Routing(owner, priority,
                        "owned by " + owner.id() + " (policy file " + policyFile + ")"))
                .orElseGet(() -> new Routing(teams.triage(), priority,
                        "policy file " + policyFile + " has no owning team → " + Team.TRIAGE));
    }

    /** Corrections cannot wait; complaints and questions need an answer; the rest is monitoring. */
    static Priority priorityOf(IssueKind kind) {
        return switch (kind) {
            case MISINFORMATION -> Priority.HIGH;
            case COMPLAINT, QUESTION -> Priority.NORMAL;
            case PRAISE, OTHER -> Priority.LOW;
        };
    }
}
