package org.issuedesk.routing.teams;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a member takes new cases: nothing is ever assigned to someone away. */
public enum Availability {
    AVAILABLE, AWAY;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Availability fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown availability '" + id + "', expected available or away"));
    }
}
