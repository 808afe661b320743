package org.issuedesk.routing.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.RoutingProperties;
import org.issuedesk.routing.RoutingProperties.Rule;
import org.issuedesk.routing.teams.MemberFunction;
import org.springframework.stereotype.Component;

/**
 * The configurable routing rules ({@code issuedesk.routing.rules}), applied in order after ownership:
 * who acts first, and how urgent the case is. Each matching rule says so in words on the case.
 */
@Component
public class RoutingRules {

    private final List<Rule> rules;

    public RoutingRules(RoutingProperties properties) {
        this.rules = properties.rules();
    }

    /** What the rules decided for a post, and why. */
    public record Outcome(Priority priority, List<MemberFunction> functions, List<String> because) {
    }

    public Outcome apply(ClassifiedPost classified, Instant routedAt) {
        Priority priority = CaseRouter.priorityOf(classified.issueKind());
        List<MemberFunction> functions = List.of();
        List<String> because = new ArrayList<>();
        for (Rule rule : rules) {
            if (!matches(rule, classified.issueKind(), classified.post().author(), classified.language(),
                    classified.post().createdAt(), routedAt)) {
                continue;
            }
            List<String> did = new ArrayList<>();
            if (functions.isEmpty() && !rule.then().functions().isEmpty()) {
                functions = rule.then().functions();
                did.add("first acting " + String.join(" + ", functions.stream().map(MemberFunction::id).toList()));
            }
            if (rule.then().priority() != null) {
                priority = rule.then().priority();
                did.add("priority " + priority.id());
            }
            for (int i = 0; i < rule.then().raisePriority(); i++) {
                priority = priority.raised();
            }
            if (rule.then().raisePriority() > 0) {
                did.add("priority raised to " + priority.id());
            }
            if (!did.isEmpty()) {
                because.add(rule.name() + ": " + String.join(", ", did));
            }
        }
        if ("fr".equals(classified.language())) {
            because.add("French post: a member who works in French");
        }
        return new Outcome(priority, functions, List.copyOf(because));
    }

    /** The functions that act first on a case of this kind by this author (for assignment). */
    public List<MemberFunction> actingFunctions(IssueKind kind, String author) {
        for (Rule rule : rules) {
            if (!rule.then().functions().isEmpty() && matches(rule, kind, author, null, null, null)) {
                return rule.then().functions();
            }
        }
        return List.of();
    }

    private static boolean matches(Rule rule, IssueKind kind, String author, String language, Instant createdAt,
            Instant routedAt) {
        var when = rule.when();
        if (!when.issueKinds().isEmpty() && !when.issueKinds().contains(kind)) {
            return false;
        }
        if (!when.authors().isEmpty() && (author == null || !when.authors().contains(author.toLowerCase()))) {
            return false;
        }
        // conditions unknown to the caller (assignment knows no language or age here) do not exclude a rule
        if (!when.languages().isEmpty() && language != null && !when.languages().contains(language)) {
            return false;
        }
        // an unknown age matches no age condition
        return when.olderThan() == null || createdAt != null && routedAt != null
                && Duration.between(createdAt, routedAt).compareTo(when.olderThan()) > 0;
    }
}
