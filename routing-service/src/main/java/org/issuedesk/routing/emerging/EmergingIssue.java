package org.issuedesk.routing.emerging;

import java.time.Instant;
import java.util.List;

import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;

/**
 * An emerging issue: one surge (one alert id) for the team that owns its policy file, worked as its
 * emerging-issue case. Times up to {@code closedAt} are the alert's event times; {@code createdAt},
 * {@code updatedAt} and {@code dueBy} are this service's.
 *
 * @param caseId      its emerging-issue case ({@code GET /api/cases/{caseId}}); null for an issue stored
 *                    before emerging issues became cases
 * @param caseStatus  where the work on that case stands (open, claimed, responded, resolved, ...)
 * @param teamId      the team of the case (the owner of the file, unless the case was rerouted)
 * @param priority    the case's priority and {@code dueBy} its first-response due time, as they are now
 * @param linkedCases how many cases are linked to it (see {@code GET /api/alerts/{id}/cases})
 * @param peakCount   the highest window count any message of the alert reported
 * @param messages    alert messages applied: open, updates, close
 */
public record EmergingIssue(
        String alertId,
        String caseId,
        String caseStatus,
        String policyFile,
        IssueKind issueKind,
        String teamId,
        AlertState state,
        Priority priority,
        Instant dueBy,
        String reason,
        Instant windowStart,
        Instant windowEnd,
        long count,
        long peakCount,
        double baseline,
        double score,
        List<String> topTerms,
        List<String> samplePostIds,
        Instant openedAt,
        Instant raisedAt,
        Instant closedAt,
        int messages,
        long linkedCases,
        Instant createdAt,
        Instant updatedAt) {

    public EmergingIssue {
        topTerms = topTerms == null ? List.of() : List.copyOf(topTerms);
        samplePostIds = samplePostIds == null ? List.of() : List.copyOf(samplePostIds);
    }
}
