package org.issuedesk.routing.cases;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.CaseEventType;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One case with its history, oldest event first: the fields of {@link CaseSummary}, the classification it was
 * routed on, {@code history}, and the emerging issue it belongs to ({@code emergingIssue}, null when none).
 */
public record CaseDetails(@JsonUnwrapped CaseSummary summary, Classification classification,
        List<HistoryEntry> history, EmergingLink emergingIssue) {

    public CaseDetails {
        history = List.copyOf(history);
    }

    /** A case that belongs to no emerging issue. */
    public CaseDetails(CaseSummary summary, Classification classification, List<HistoryEntry> history) {
        this(summary, classification, history, null);
    }

    /** One event of the case, as it was published on {@code cases.events}. */
    public record HistoryEntry(String eventId, CaseEventType type, String teamId, String actor,
            Map<String, String> details, Instant occurredAt) {
    }

    /**
     * The classifier's reading of the post as the case was routed on it (the stored {@code ClassifiedPost}): the
     * tags with their confidence and the evidence behind them. A reroute changes the case's tags, not this; the
     * difference is what the classifier learns from.
     */
    public record Classification(String policyFile, double confidence, IssueKind issueKind,
            double issueKindConfidence, String language, List<String> evidence, String classifierVersion,
            Instant classifiedAt) {

        static Classification of(ClassifiedPost post) {
            return new Classification(post.policyFile(), post.confidence(), post.issueKind(),
                    post.issueKindConfidence(), post.language(), post.evidence(), post.classifierVersion(),
                    post.classifiedAt());
        }
    }
}
