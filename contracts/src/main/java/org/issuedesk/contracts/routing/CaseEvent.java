package org.issuedesk.contracts.routing;

import java.time.Instant;
import java.util.Map;

/**
 * One change of a case: the value of {@code cases.events}, keyed by case id. The events of a case,
 * in order, are its full history.
 *
 * @param actor   who made the change ("system" for routing and SLA clocks)
 * @param details what changed, e.g. {"assignee": "martine.l"} or {"reason": "..."}
 */
public record CaseEvent(
        int schemaVersion,
        String eventId,
        String caseId,
        CaseEventType type,
        String postId,
        String teamId,
        String actor,
        Map<String, String> details,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public CaseEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
