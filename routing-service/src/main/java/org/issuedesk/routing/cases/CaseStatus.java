package org.issuedesk.routing.cases;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a case stands. Routing creates cases {@link #OPEN}; the workflow (claim, respond, resolve) moves
 * them on. Serialised as its lower-case id.
 */
public enum CaseStatus {
    OPEN, ASSIGNED, CLAIMED, RESPONDED, RESOLVED;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    public static Optional<CaseStatus> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
