package org.issuedesk.contracts.routing;

import com.fasterxml.jackson.annotation.JsonValue;

/** How soon a case needs attention, lowest first. Serialised as its lower-case id. */
public enum Priority {
    LOW, NORMAL, HIGH, URGENT;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    /** One step up, for an SLA breach; urgent stays urgent. */
    public Priority raised() {
        return this == URGENT ? URGENT : values()[ordinal() + 1];
    }
}
