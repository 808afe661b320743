package org.issuedesk.routing.emerging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.routing.cases.EmergingLink;

/**
 * What an emerging-issue case is made of: a case needs a post, so the surge gets one written by Issue
 * Desk, {@code alert:<alertId>} on the platform {@code alert}, whose text sums up the surge for the person
 * who picks it up ("Surge: 200 posts on passports (misinformation) in 10 min, usually 5; top terms ...").
 * Its "classification" is the alert's: the file and kind, certain, with the figures as evidence.
 */
final class EmergingCase {

    static final String PLATFORM = "alert";
    static final String DETECTOR = "surge-detector";

    private EmergingCase() {
    }

    static String postId(String alertId) {
        return EmergingLink.POST_ID_PREFIX + alertId;
    }

    static ClassifiedPost post(IssueAlert alert, Instant now) {
        String id = postId(alert.alertId());
        SocialPost post = new SocialPost(SocialPost.SCHEMA_VERSION, id, PLATFORM, alert.alertId(), null,
                summary(alert), alert.openedAt(), null, null, List.of(), List.of(), List.of(), null, now);
        List<String> evidence = new ArrayList<>();
        evidence.add(figures(alert));
        if (!alert.topTerms().isEmpty()) {
            evidence.add("top terms: " + String.join(", ", alert.topTerms()));
        }
        if (!alert.samplePostIds().isEmpty()) {
            evidence.add("sample posts: " + String.join(", ", alert.samplePostIds()));
        }
        return new ClassifiedPost(ClassifiedPost.SCHEMA_VERSION, post, alert.policyFile(), 1.0,
                alert.issueKind() == null ? IssueKind.OTHER : alert.issueKind(), alert.issueKind() == null ? 0.0 : 1.0,
                "und", evidence, DETECTOR, alert.raisedAt());
    }

    /** The case's text: the surge in one sentence. */
    static String summary(IssueAlert alert) {
        return "Surge: " + alert.count() + " posts on " + alert.policyFile()
                + (alert.issueKind() == null ? "" : " (" + alert.issueKind().id() + ")") + " in "
                + minutes(alert) + " min, usually " + usual(alert.baseline())
                + (alert.topTerms().isEmpty() ? "" : "; top terms " + String.join(", ", alert.topTerms()));
    }

    /** A later message of the alert, as a note on the case. */
    static String progress(IssueAlert alert) {
        return switch (alert.state()) {
            case CLOSED -> "Surge over at " + alert.raisedAt() + ": " + alert.count() + " posts in the last "
                    + minutes(alert) + " min, usually " + usual(alert.baseline());
            default -> "Surge growing at " + alert.raisedAt() + ": " + figures(alert);
        };
    }

    private static String figures(IssueAlert alert) {
        return alert.count() + " posts in " + minutes(alert) + " min (" + alert.windowStart() + " to "
                + alert.windowEnd() + "), usually " + usual(alert.baseline()) + ", score " + alert.score();
    }

    private static long minutes(IssueAlert alert) {
        return Duration.between(alert.windowStart(), alert.windowEnd()).toMinutes();
    }

    private static String usual(double baseline) {
        return baseline == Math.rint(baseline) ? String.valueOf((long) baseline) : String.valueOf(baseline);
    }
}
