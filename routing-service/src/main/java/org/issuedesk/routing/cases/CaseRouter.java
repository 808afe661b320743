package org.issuedesk.routing.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.teams.MemberFunction;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.stereotype.Component;

/**
 * Decides where a classified post goes, who acts first and how urgent it is, and says why in words a
 * person reads on the case. First the built-in rule of ownership (the team that owns the policy file,
 * else triage), then the configurable {@link RoutingRules} in order.
 */
@Component
public class CaseRouter {

    private final TeamDirectory teams;
    private final RoutingRules rules;

    public CaseRouter(TeamDirectory teams, RoutingRules rules) {
        this.teams = teams;
        this.rules = rules;
    }

    /** The decision for one post. */
    public record Routing(Team team, Priority priority, String reason, List<MemberFunction> functions) {
    }

    public Routing route(ClassifiedPost classified) {
        return route(classified, null);
    }

    public Routing route(ClassifiedPost classified, Instant routedAt) {
        String policyFile = classified.policyFile();
        Team team;
        String ownership;
        if (policyFile == null) {
            team = teams.triage();
            ownership = "no policy file → " + Team.TRIAGE;
        } else {
            var owner = teams.ownerOf(policyFile);
            team = owner.orElseGet(teams::triage);
            ownership = owner.isPresent() ? "owned by " + team.id() + " (policy file " + policyFile + ")"
                    : "policy file " + policyFile + " has no owning team → " + Team.TRIAGE;
        }
        RoutingRules.Outcome outcome = rules.apply(classified, routedAt);
        List<String> reason = new ArrayList<>();
        reason.add(ownership);
        reason.addAll(outcome.because());
        return new Routing(team, outcome.priority(), String.join("; ", reason), outcome.functions());
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
