package org.issuedesk.ingest.intake;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer for one post of a request.
 *
 * @param index       its place in the batch, from 0
 * @param status      {@code accepted} (on posts.raw), {@code duplicate} (it was already),
 *                    {@code rejected} (invalid: see errors) or {@code unavailable} (not stored now: send it again)
 * @param id          the post id, when the post had a valid platform and id
 * @param duplicateOf for an accepted cross-post, the id of the post it repeats
 * @param errors      why it was rejected
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ItemOutcome(int index, Status status, String id, String duplicateOf, List<FieldError> errors) {

    public enum Status {
        accepted, duplicate, rejected, unavailable
    }

    /** A field ({@code null} for the whole item) and what is wrong with it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String message) {
    }

    public ItemOutcome {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    static ItemOutcome rejected(int index, String id, List<FieldError> errors) {
        return new ItemOutcome(index, Status.rejected, id, null, errors);
    }
}
