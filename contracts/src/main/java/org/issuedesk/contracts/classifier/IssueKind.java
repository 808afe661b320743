package org.issuedesk.contracts.classifier;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of response a post calls for. Serialised as its lower-case id. */
public enum IssueKind {
    /** Asks for information: answer or point to the right page. */
    QUESTION,
    /** Reports a bad experience: acknowledge, route to service recovery. */
    COMPLAINT,
    /** States something false about a policy file: needs a correction. */
    MISINFORMATION,
    /** Positive feedback: thank, amplify. */
    PRAISE,
    /** News, commentary, chatter: monitor only. */
    OTHER;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    public static Optional<IssueKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }
}
