package org.issuedesk.contracts.routing;

import java.time.Instant;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;

/**
 * A case in a team's queue: the value of {@code team-queue.<team-id>}, keyed by post id.
 *
 * @param reason why it was routed to this team, readable by a person
 * @param dueBy  when the first response is due (the team's SLA)
 * @param post   the post of the case; for an emerging-issue case, a post written by Issue Desk that sums up
 *               the surge (id {@code alert:<alertId>}, platform {@code alert})
 * @param alert  only on an emerging-issue case (one case for a surge of posts, docs/alerts.md): the alert
 *               message that opened it; null (absent) on the case of one post. Added after v1, optional:
 *               a record without it still reads, and readers that do not know it ignore it
 */
public record RoutedCase(
        int schemaVersion,
        String caseId,
        String teamId,
        Priority priority,
        Instant dueBy,
        String reason,
        ClassifiedPost post,
        Instant routedAt,
        IssueAlert alert) {

    public static final int SCHEMA_VERSION = 1;

    /** The case of one post (no alert). */
    public RoutedCase(int schemaVersion, String caseId, String teamId, Priority priority, Instant dueBy, String reason,
            ClassifiedPost post, Instant routedAt) {
        this(schemaVersion, caseId, teamId, priority, dueBy, reason, post, routedAt, null);
    }
}
