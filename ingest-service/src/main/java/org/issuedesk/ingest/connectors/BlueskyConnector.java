package org.issuedesk.ingest.connectors;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.issuedesk.ingest.intake.Intake;
import org.issuedesk.ingest.intake.Intake.Item;
import org.issuedesk.ingest.intake.ItemOutcome;
import org.issuedesk.ingest.intake.PostRequest;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.issuedesk.ingest.intake.PublishUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bluesky's post search ({@code GET /xrpc/app.bsky.feed.searchPosts?q=&sort=latest}). The persisted
 * cursor is the newest {@code createdAt} handed over; each round asks for posts {@code since} it and
 * follows the response's {@code cursor} page after page ({@code since} is inclusive: the newest post
 * comes again and is answered duplicate). Post id = the post's {@code at://} uri. Retry, breaker and
 * pause as in {@link FeedConnector}.
 */
@Component
public class BlueskyConnector {

    private static final Logger log = LoggerFactory.getLogger(BlueskyConnector.class);
    static final String PLATFORM = "bluesky";

    private final BlueskyProperties properties;
    private final Intake intake;
    private final PublishBreaker publishBreaker;
    private final ConnectorCursors cursors;
    private final JsonMapper json;
    private final ConnectorHttp http;

    public BlueskyConnector(BlueskyProperties properties, Intake intake, PublishBreaker publishBreaker,
            ConnectorCursors cursors, JsonMapper json) {
        this.properties = properties;
        this.intake = intake;
        this.publishBreaker = publishBreaker;
        this.cursors = cursors;
        this.json = json;
        this.http = new ConnectorHttp(properties.maxAttempts(), properties.backoff(), properties.timeout(),
                properties.pollInterval().multipliedBy(2));
    }

    @Scheduled(fixedDelayString = "${issuedesk.ingest.connectors.bluesky.poll-interval:2m}", initialDelayString = "10s")
    void scheduled() {
        if (properties.enabled()) {
            for (BlueskyProperties.Search search : properties.searches()) {
                try {
                    poll(search);
                } catch (Exception e) {
                    log.warn("bluesky search {} not polled: {}", search.name(), e.toString());
                }
            }
        }
    }

    /** @return how many posts were accepted this round */
    public int poll(BlueskyProperties.Search search) throws Exception {
        String source = "bluesky:" + search.name();
        String since = cursors.get(source).orElse(null);
        Instant newest = since == null ? null : Instant.parse(since);
        String page = null;
        int accepted = 0;
        for (int n = 0; n < properties.maxPages(); n++) {
            if (publishBreaker.isOpen()) {
                log.info("bluesky search {} paused: the broker is unavailable", search.name());
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
            JsonNode posts = answer.path("posts");
            if (!posts.isArray() || posts.isEmpty()) {
                break;
            }
            List<Item> items = new ArrayList<>();
            for (JsonNode post : posts) {
                PostRequest request = toPost(post);
                items.add(Item.parsed(items.size(), request));
                if (request.createdAt() != null && (newest == null || request.createdAt().isAfter(newest))) {
                    newest = request.createdAt();
                }
            }
            List<ItemOutcome> outcomes;
            try {
                outcomes = intake.take(items, PLATFORM);
            } catch (PublishUnavailableException e) {
                log.info("bluesky search {} paused: {}", search.name(), e.getBody().getDetail());
                return accepted;
            }
            accepted += (int) outcomes.stream().filter(o -> o.status() == ItemOutcome.Status.accepted).count();
            if (outcomes.stream().anyMatch(o -> o.status() == ItemOutcome.Status.unavailable)) {
                return accepted; // the cursor stays
            }
            page = answer.path("cursor").asString(null);
            if (page == null || page.isBlank()) {
                break;
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
