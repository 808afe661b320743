package org.issuedesk.ingest.intake;

import java.time.Instant;

import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.ingest.text.PlainText;
import org.issuedesk.ingest.text.TextEntities;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One post as a source sends it to {@code POST /api/posts}. Unknown fields are ignored, so
 * connectors may pass on whatever else the platform gave them.
 *
 * @param id        the id the platform gave the post
 * @param platform  lower-case platform name: mastodon, bluesky, x, rss, ...
 * @param createdAt when the post was published, ISO-8601 with an offset; {@code created_at} also accepted
 * @param lang      the language the platform claims, if any
 * @param url       where the post can be read, if known
 * @param authorFollowers the author's follower count when the source gives it (>= 0);
 *                  {@code followers_count} and {@code followersCount} also accepted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PostRequest(
        @NotBlank @Size(max = 200) String id,
        @NotBlank @Pattern(regexp = PostRequest.PLATFORM, message = "must be 1 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
        String platform,
        @NotBlank @Size(max = 200) String author,
        @NotBlank @WithinTextLimit String text,
        // exports (and the sample data) often spell it created_at
        @NotNull @JsonAlias("created_at") Instant createdAt,
        @Size(max = 16) String lang,
        @Size(max = 2048) String url,
        // Mastodon's account and CSV exports spell it followers_count
        @PositiveOrZero @JsonAlias({"followers_count", "followersCount"}) Long authorFollowers) {

    /** A post from a source that gives no follower count. */
    public PostRequest(String id, String platform, String author, String text, Instant createdAt, String lang,
            String url) {
        this(id, platform, author, text, createdAt, lang, url, null);
    }

    /** Also what the post id's prefix must look like (see the SocialPost schema). */
    static final String PLATFORM = "[a-z0-9][a-z0-9._-]{0,31}";

    /** The post id (and record key) on {@code posts.raw}. */
    String postId() {
        return SocialPost.idOf(platform, id);
    }

    /**
     * The event for {@code posts.raw}; the request must have passed validation. The text is
     * normalised: HTML (feeds, Mastodon) becomes plain text, and the entities come from that text.
     */
    SocialPost toSocialPost(Instant receivedAt) {
        return toSocialPost(PlainText.of(text), null, receivedAt);
    }

    SocialPost toSocialPost(String plainText, String duplicateOf, Instant receivedAt) {
        TextEntities entities = TextEntities.of(plainText);
        return new SocialPost(SocialPost.SCHEMA_VERSION, postId(), platform, id, author, plainText,
                createdAt, blankToNull(lang), blankToNull(url), entities.hashtags(), entities.mentions(),
                entities.links(), duplicateOf, receivedAt, authorFollowers);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
