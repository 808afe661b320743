package org.issuedesk.contracts.ingest;

import java.time.Instant;
import java.util.List;

/**
 * A public post as accepted by the ingest service: the value of {@code posts.raw}.
 *
 * @param id          the post id and record key, {@code <platform>:<externalId>}
 * @param externalId  the id the platform gave the post
 * @param lang        the language the platform claims ("en", "fr", ...), often missing or wrong
 * @param url         where the post can be read, when known
 * @param hashtags    hashtags without '#', in order of appearance
 * @param mentions    mentioned accounts without '@'
 * @param links       links found in the text
 * @param duplicateOf the id of an earlier post this one cross-posts, or null
 * @param receivedAt  when the ingest service accepted it
 * @param authorFollowers how many followers the author had when the post was read, or null when the
 *                    source does not say (added later: optional, a record without it still reads)
 */
public record SocialPost(
        int schemaVersion,
        String id,
        String platform,
        String externalId,
        String author,
        String text,
        Instant createdAt,
        String lang,
        String url,
        List<String> hashtags,
        List<String> mentions,
        List<String> links,
        String duplicateOf,
        Instant receivedAt,
        Long authorFollowers) {

    public static final int SCHEMA_VERSION = 1;

    public SocialPost {
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        links = links == null ? List.of() : List.copyOf(links);
        if (authorFollowers != null && authorFollowers < 0) {
            throw new IllegalArgumentException("authorFollowers must be >= 0, was " + authorFollowers);
        }
    }

    /** A post whose source gives no follower count (the shape before {@code authorFollowers}). */
    public SocialPost(int schemaVersion, String id, String platform, String externalId, String author, String text,
            Instant createdAt, String lang, String url, List<String> hashtags, List<String> mentions,
            List<String> links, String duplicateOf, Instant receivedAt) {
        this(schemaVersion, id, platform, externalId, author, text, createdAt, lang, url, hashtags, mentions, links,
                duplicateOf, receivedAt, null);
    }

    /** The post id (and record key) of a platform's post. */
    public static String idOf(String platform, String externalId) {
        return platform + ":" + externalId;
    }
}
