package org.issuedesk.routing.teams;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a team's new cases reach a member. {@link #CLAIM}: they wait in the queue until someone claims
 * them. {@link #BALANCED}: each goes to the available member with the fewest open cases who has room
 * (capacity) and, for a French post, works in French; when nobody can take it, it waits and is assigned
 * as soon as someone can.
 */
public enum AssignmentMode {
    CLAIM, BALANCED;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static AssignmentMode fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown assignment '" + id + "', expected claim or balanced"));
    }
}
