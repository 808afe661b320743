package org.issuedesk.contracts.classifier;

import java.time.Instant;
import java.util.List;

/**
 * An emerging issue: the volume of posts on a policy file (or on one issue kind of it) surged above
 * the baseline learned from its recent past. The value of {@code issues.alerts}, keyed by policy-file
 * id. One alert id per surge: an {@link AlertState#OPEN} message, {@link AlertState#UPDATED} ones while
 * it grows, one {@link AlertState#CLOSED} when it subsides. Times are event times (the posts' createdAt).
 *
 * @param alertId       stable for the whole surge: {@code <policyFile>[.<issueKind>]@<openedAt>}
 * @param issueKind     the kind of the posts that surged, or null when the surge is on the whole file
 * @param windowStart   start of the sliding window that was measured
 * @param windowEnd     end (exclusive) of that window
 * @param count         posts (of the file, or of the file and kind) in the window
 * @param baseline      the usual count for a window of that length, learned from the recent past
 * @param score         how unusual the count is: (count - baseline) / standard deviation
 * @param topTerms      the most frequent words and hashtags of the window's posts, most frequent first
 * @param samplePostIds some post ids of the window, most recent first
 * @param openedAt      the end of the window in which the surge was first detected
 * @param raisedAt      when this message was raised (event time: the end of the window measured)
 */
public record IssueAlert(
        int schemaVersion,
        String alertId,
        String policyFile,
        IssueKind issueKind,
        AlertState state,
        Instant windowStart,
        Instant windowEnd,
        long count,
        double baseline,
        double score,
        List<String> topTerms,
        List<String> samplePostIds,
        Instant openedAt,
        Instant raisedAt) {

    /** 2: issueKind, state, score, topTerms, samplePostIds and openedAt added. */
    public static final int SCHEMA_VERSION = 2;

    public IssueAlert {
        topTerms = topTerms == null ? List.of() : List.copyOf(topTerms);
        samplePostIds = samplePostIds == null ? List.of() : List.copyOf(samplePostIds);
    }
}
