package org.issuedesk.routing.cases;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a case stands. Routing creates cases {@link #OPEN} (or {@link #ASSIGNED} in a balanced team);
 * the workflow moves them on: claim, respond (awaiting approval when the team requires it), resolve.
 * Serialised as its lower-case, dashed id.
 */
public enum CaseStatus {
    OPEN, ASSIGNED, CLAIMED, AWAITING_APPROVAL, RESPONDED, RESOLVED;

    @JsonValue
    public String id() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Optional<CaseStatus> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
