package org.issuedesk.routing.cases;

import java.time.Instant;

import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A case as a team's queue lists it: the routing decision, the post it is about, and where the workflow
 * stands (assignee, first response, resolution, SLA escalation; null until they happen).
 */
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
        Instant routedAt,
        String assignee,
        Instant firstResponseAt,
        Instant resolvedAt,
        Instant escalatedAt) {

    /** {@code emerging} for an emerging-issue case (one case for a surge of posts, docs/alerts.md), else {@code post}. */
    @JsonProperty("caseType")
    public String caseType() {
        return EmergingLink.isEmergingCase(postId) ? "emerging" : "post";
    }
}
