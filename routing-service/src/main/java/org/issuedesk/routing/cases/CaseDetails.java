package org.issuedesk.routing.cases;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.issuedesk.contracts.routing.CaseEventType;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One case with its history, oldest event first: the fields of {@link CaseSummary}, {@code history}, and the
 * emerging issue it belongs to ({@code emergingIssue}, null when none).
 */
public record CaseDetails(@JsonUnwrapped CaseSummary summary, List<HistoryEntry> history, EmergingLink emergingIssue) {

    public CaseDetails {
        history = List.copyOf(history);
    }

    /** One event of the case, as it was published on {@code cases.events}. */
    public record HistoryEntry(String eventId, CaseEventType type, String teamId, String actor,
            Map<String, String> details, Instant occurredAt) {
    }
}
