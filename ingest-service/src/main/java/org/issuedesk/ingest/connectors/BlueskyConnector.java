package org.issuedesk.ingest.connectors;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.issuedesk.ingest.intake.Intake;
import org.issuedesk.ingest.intake.PostRequest;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bluesky's post search ({@code GET /xrpc/app.bsky.feed.searchPosts?q=&sort=latest}). The persisted
 * cursor is the newest {@code createdAt} handed over; each round asks for posts {@code since} it and
 * follows the response's {@code cursor} page after page ({@code since} is inclusive: the newest post
 * comes again and is answered duplicate). Post id = the post's {@code at://} uri. Retry, breaker and
 * pause as in {@link PollingConnector}.
 */
@Component
public class BlueskyConnector extends PollingConnector<BlueskyProperties.Search> {

    static final String PLATFORM = "bluesky";

    private final BlueskyProperties properties;
    private final JsonMapper json;

    public BlueskyConnector(BlueskyProperties properties, Intake intake, PublishBreaker publishBreaker,
            ConnectorCursors cursors, JsonMapper json) {
        super(properties, intake, publishBreaker, cursors);
        this.properties = properties;
        this.json = json;
    }

    @Override
    List<BlueskyProperties.Search> sources() {
        return properties.searches();
    }

    @Override
    String describe(BlueskyProperties.Search search) {
        return "bluesky search " + search.name();
    }

    @Override
    public int poll(BlueskyProperties.Search search) throws Exception {
        String source = "bluesky:" + search.name();
        String since = cursors.get(source).orElse(null);
        Instant newest = since == null ? null : Instant.parse(since);
        String page = null;
        int accepted = 0;
        for (int n = 0; n < properties.maxPages(); n++) {
            if (paused(search)) {
                return accepted;
            }
            StringBuilder uri = new StringBuilder(properties.service().toString().replaceAll("/+$", ""))
                    .append("/xrpc/app.bsky.feed.searchPosts?q=").append(encode(search.query()))
                    .append("&sort=latest&limit=").append(properties.pageLimit());
            if (since != null) {
                uri.append("&since=").append(encode(since));
            }
            if (page != null) {
                uri.append("&cursor=").append(encode(page));
            }
            JsonNode answer = json.readTree(http.get(source, URI.create(uri.toString()), "application/json"));
            JsonNode found = answer.path("posts");
            if (!found.isArray() || found.isEmpty()) {
                break;
            }
            List<PostRequest> posts = new ArrayList<>();
            for (JsonNode post : found) {
                PostRequest request = toPost(post);
                posts.add(request);
                if (request.createdAt() != null && (newest == null || request.createdAt().isAfter(newest))) {
                    newest = request.createdAt();
                }
            }
            OptionalInt handed = handOver(search, posts, PLATFORM);
            if (handed.isEmpty()) {
                return accepted; // the cursor stays
            }
            accepted += handed.getAsInt();
            page = answer.path("cursor").asString(null);
            if (page == null || page.isBlank()) {
                break;
            }
            if (n == properties.maxPages() - 1) {
                // newest first: what lies beyond is older than the pages taken, and the cursor moves past it
                log.warn("{}: more than max-pages ({}) pages since {}; older posts of this round are skipped",
                        describe(search), properties.maxPages(), since);
            }
        }
        if (newest != null) {
            cursors.put(source, newest.toString());
        }
        return accepted;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static PostRequest toPost(JsonNode post) {
        String uri = post.path("uri").asString(null);
        JsonNode record = post.path("record");
        String handle = post.path("author").path("handle").asString(null);
        Instant createdAt = null;
        try {
            String at = record.path("createdAt").asString(null);
            createdAt = at == null ? null : OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            // left null: the intake rejects it and counts it
        }
        JsonNode langs = record.path("langs");
        String lang = langs.isArray() && !langs.isEmpty() ? langs.get(0).asString(null) : null;
        String url = null;
        if (uri != null && handle != null && uri.contains("/app.bsky.feed.post/")) {
            url = "https://bsky.app/profile/" + handle + "/post/" + uri.substring(uri.lastIndexOf('/') + 1);
        }
        return new PostRequest(uri, PLATFORM, handle == null ? null : "@" + handle, record.path("text").asString(null),
                createdAt, lang, url);
    }
}
