package org.issuedesk.contracts.routing;

import java.time.Instant;

import org.issuedesk.contracts.classifier.ClassifiedPost;

/**
 * A case in a team's queue: the value of {@code team-queue.<team-id>}, keyed by post id.
 *
 * @param reason why it was routed to this team, readable by a person
 * @param dueBy  when the first response is due (the team's SLA)
 */
public record RoutedCase(
        int schemaVersion,
        String caseId,
        String teamId,
        Priority priority,
        Instant dueBy,
        String reason,
        ClassifiedPost post,
        Instant routedAt) {

    public static final int SCHEMA_VERSION = 1;
}
