package org.issuedesk.routing.emerging;

import java.time.Instant;

import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;

/** A case of a surge's posts, as an emerging issue lists it (the whole case: {@code GET /api/cases/{id}}). */
public record LinkedCase(String id, String postId, String teamId, IssueKind issueKind, String status,
        Priority priority, String author, String text, Instant createdAt) {
}
