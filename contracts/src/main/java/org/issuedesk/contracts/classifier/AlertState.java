package org.issuedesk.contracts.classifier;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an emerging-issue alert is in its life. Serialised as its lower-case id. */
public enum AlertState {
    /** The surge was detected: the first message of an alert. */
    OPEN,
    /** The surge grew: a new count, score, terms and sample under the same alert id. */
    UPDATED,
    /** The surge subsided: the last message of an alert. */
    CLOSED;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }
}
