package org.issuedesk.contracts.routing;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a case. Serialised as its lower-case id. */
public enum CaseEventType {
    ROUTED, ASSIGNED, CLAIMED, RESPONDED, APPROVED, RESOLVED, REROUTED, ESCALATED, NOTED;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }
}
