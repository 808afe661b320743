package org.issuedesk.contracts.routing;

import java.time.Instant;

import org.issuedesk.contracts.classifier.IssueKind;

/**
 * A person's correction of a post's tags (a reroute or a relabel): the value of
 * {@code routing.feedback}, keyed by post id. It carries the text so the classifier can learn
 * from it without reading anyone's database.
 */
public record RoutingFeedback(
        int schemaVersion,
        String postId,
        String caseId,
        String text,
        String language,
        String previousPolicyFile,
        String policyFile,
        IssueKind previousIssueKind,
        IssueKind issueKind,
        String actor,
        Instant correctedAt) {

    public static final int SCHEMA_VERSION = 1;
}
