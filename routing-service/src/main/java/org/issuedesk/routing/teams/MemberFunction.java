package org.issuedesk.routing.teams;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a member of a horizontal team does. Written as its lower-case, dashed id ("media-relations"). */
public enum MemberFunction {
    POLICY, COMMUNICATIONS, MEDIA_RELATIONS, ADVOCACY, WEB_COMMUNICATIONS;

    @JsonValue
    public String id() {
        return name().toLowerCase().replace('_', '-');
    }

    @JsonCreator
    public static MemberFunction fromId(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown function '" + id + "', expected one of "
                        + Arrays.stream(values()).map(MemberFunction::id).toList()));
    }
}
