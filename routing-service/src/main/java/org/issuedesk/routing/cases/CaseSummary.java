package org.issuedesk.routing.cases;

import java.time.Instant;

import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;

/** A case as a team's queue lists it: the routing decision and the post it is about. */
public record CaseSummary(
        String id,
        String postId,
        String teamId,
        String policyFile,
        IssueKind issueKind,
        String language,
        CaseStatus status,
        Priority priority,
        Instant dueBy,
        String reason,
        String author,
        String platform,
        String text,
        String url,
        Instant createdAt,
        Instant routedAt) {
}
