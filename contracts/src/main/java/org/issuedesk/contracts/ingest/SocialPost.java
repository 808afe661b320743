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
        Instant receivedAt) {

    public static final int SCHEMA_VERSION = 1;

    public SocialPost {
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** The post id (and record key) of a platform's post. */
    public static String idOf(String platform, String externalId) {
        return platform + ":" + externalId;
    }
}
