package org.issuedesk.classifier.classification;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/classify}: {@code {"posts":[{"id","text","lang"?,"platform"?,"author"?}]}}.
 * How many posts one call may carry is configured ({@code issuedesk.classifier.api.max-posts-per-request}).
 */
public record ClassifyRequest(@NotNull @Valid List<@NotNull @Valid Post> posts) {

    /** Longer texts are refused: posts are short, and the bound keeps one call's work bounded. */
    public static final int MAX_TEXT_LENGTH = 20_000;

    /**
     * @param id   the caller's id for the post, echoed in the result
     * @param text may be empty (the result is then a null policy file and {@code other})
     */
    public record Post(
            @NotBlank @Size(max = 200) String id,
            @NotNull @Size(max = MAX_TEXT_LENGTH) String text,
            @Size(max = 35) String lang,
            @Size(max = 50) String platform,
            @Size(max = 200) String author) {
    }
}
