package org.issuedesk.contracts;

import java.util.List;
import java.util.Optional;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.contracts.routing.RoutingFeedback;

/**
 * The catalogue of every topic the system writes: one place for names and value types, in the
 * spirit of kafka-streams-examples' {@code Schemas.Topics}. Each topic has exactly one writer
 * (see {@code docs/asyncapi.yaml}). Keys are strings: a post id, a case id or a policy-file id.
 */
public final class Topics {

    public static final String TEAM_QUEUE_PREFIX = "team-queue.";
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    public static final Topic<SocialPost> POSTS_RAW = new Topic<>("posts.raw", SocialPost.class, false,
            "Every accepted post, once, keyed by post id (<platform>:<external-id>).");
    public static final Topic<ClassifiedPost> POSTS_CLASSIFIED = new Topic<>("posts.classified", ClassifiedPost.class,
            false, "Each post with its policy file, issue kind, language and evidence, keyed by post id.");
    public static final Topic<CaseEvent> CASES_EVENTS = new Topic<>("cases.events", CaseEvent.class, false,
            "Every change of a case (routed, assigned, claimed, responded, ...), keyed by case id.");
    public static final Topic<RoutingFeedback> ROUTING_FEEDBACK = new Topic<>("routing.feedback",
            RoutingFeedback.class, false, "A person's correction of a post's policy file or issue kind, keyed by post id.");
    public static final Topic<IssueAlert> ISSUES_ALERTS = new Topic<>("issues.alerts", IssueAlert.class, false,
            "An emerging issue (a surge on a policy file or one of its issue kinds: open, updated, closed), keyed by policy-file id.");
    public static final Topic<PolicyFileDefinition> REGISTRY_POLICY_FILES = new Topic<>("registry.policy-files",
            PolicyFileDefinition.class, true, "Policy-file definitions keyed by id; a null value deletes one.");

    /** Every fixed topic; team queues are made per team with {@link #teamQueue(String)}. */
    public static final List<Topic<?>> FIXED = List.of(POSTS_RAW, POSTS_CLASSIFIED, CASES_EVENTS, ROUTING_FEEDBACK,
            ISSUES_ALERTS, REGISTRY_POLICY_FILES);

    private Topics() {
    }

    /** The queue of one team: {@code team-queue.<team-id>}, values {@link RoutedCase}. */
    public static Topic<RoutedCase> teamQueue(String teamId) {
        if (teamId == null || !teamId.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw new IllegalArgumentException("team id must be lower-case letters, digits and dashes: " + teamId);
        }
        return new Topic<>(TEAM_QUEUE_PREFIX + teamId, RoutedCase.class, false,
                "The cases routed to team " + teamId + ", keyed by post id.");
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /**
     * The catalogue entry for a topic name, including team queues and dead-letter topics (whose
     * values are the failed record's bytes, so they have no entry of their own).
     */
    public static Optional<Topic<?>> byName(String name) {
        if (name.startsWith(TEAM_QUEUE_PREFIX) && !name.endsWith(DEAD_LETTER_SUFFIX)) {
            return Optional.of(teamQueue(name.substring(TEAM_QUEUE_PREFIX.length())));
        }
        return FIXED.stream().<Topic<?>>map(t -> t).filter(t -> t.name().equals(name)).findFirst();
    }
}
