package org.issuedesk.routing.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.RoutingProperties;
import org.issuedesk.routing.RoutingProperties.Rule;
import org.issuedesk.routing.teams.MemberFunction;
import org.springframework.stereotype.Component;

/**
 * The configurable routing rules ({@code issuedesk.routing.rules}), applied in order after ownership:
 * who acts first, and how urgent the case is. Each matching rule says so in words on the case, with the
 * fact that made it match (the author, the follower count, the post's age).
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

    /**
     * What the rules look at. A null field is unknown to the caller: an unknown language does not exclude a
     * rule (assignment knows none), an unknown age or follower count matches no age or reach condition.
     */
    private record Facts(IssueKind kind, String author, String language, Duration age, Supplier<Long> followers) {
    }

    public Outcome apply(ClassifiedPost classified, Instant routedAt) {
        var post = classified.post();
        Duration age = post.createdAt() == null || routedAt == null ? null : Duration.between(post.createdAt(), routedAt);
        Facts facts = new Facts(classified.issueKind(), post.author(), classified.language(), age,
                post::authorFollowers);
        Priority priority = CaseRouter.priorityOf(classified.issueKind());
        List<MemberFunction> functions = List.of();
        List<String> because = new ArrayList<>();
        for (Rule rule : rules) {
            if (!matches(rule, facts)) {
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
                because.add(rule.name() + explained(rule, facts) + ": " + String.join(", ", did));
            }
        }
        if ("fr".equals(classified.language())) {
            because.add("French post: a member who works in French");
        }
        return new Outcome(priority, functions, List.copyOf(because));
    }

    /**
     * The functions that act first on a case of this kind by this author (for assignment). The follower
     * count is asked for only when a rule with a reach condition is reached, since it costs a read.
     */
    public List<MemberFunction> actingFunctions(IssueKind kind, String author, Supplier<Long> followers) {
        Facts facts = new Facts(kind, author, null, null, followers);
        for (Rule rule : rules) {
            if (!rule.then().functions().isEmpty() && matches(rule, facts)) {
                return rule.then().functions();
            }
        }
        return List.of();
    }

    private static boolean matches(Rule rule, Facts facts) {
        var when = rule.when();
        if (!when.issueKinds().isEmpty() && !when.issueKinds().contains(facts.kind())) {
            return false;
        }
        if (!when.authors().isEmpty()
                && (facts.author() == null || !when.authors().contains(facts.author().toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (!when.languages().isEmpty() && facts.language() != null && !when.languages().contains(facts.language())) {
            return false;
        }
        if (when.olderThan() != null && (facts.age() == null || facts.age().compareTo(when.olderThan()) <= 0)) {
            return false;
        }
        if (when.minFollowers() != null) {
            Long followers = facts.followers().get();
            return followers != null && followers >= when.minFollowers();
        }
        return true;
    }

    /** The facts behind a rule's author, reach and age conditions, e.g. " (author has 25,000 followers)". */
    private static String explained(Rule rule, Facts facts) {
        var when = rule.when();
        List<String> said = new ArrayList<>();
        if (!when.authors().isEmpty()) {
            said.add("author " + facts.author());
        }
        if (when.minFollowers() != null) {
            said.add(String.format(Locale.ROOT, "author has %,d followers", facts.followers().get()));
        }
        if (when.olderThan() != null) {
            said.add("post is " + ageOf(facts.age()) + " old");
        }
        return said.isEmpty() ? "" : " (" + String.join(", ", said) + ")";
    }

    private static String ageOf(Duration age) {
        long hours = age.toHours();
        if (hours >= 48) {
            return age.toDays() + " days";
        }
        return hours >= 1 ? hours + " h" : age.toMinutes() + " min";
    }
}
