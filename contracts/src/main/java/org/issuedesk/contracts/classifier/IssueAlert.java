package org.issuedesk.contracts.classifier;

import java.time.Instant;

/**
 * An emerging issue: the volume of posts on a policy file spiked. The value of
 * {@code issues.alerts}, keyed by policy-file id.
 *
 * @param count    posts on the file in the window
 * @param baseline the usual count for a window of that length
 */
public record IssueAlert(
        int schemaVersion,
        String alertId,
        String policyFile,
        Instant windowStart,
        Instant windowEnd,
        long count,
        double baseline,
        Instant raisedAt) {

    public static final int SCHEMA_VERSION = 1;
}
