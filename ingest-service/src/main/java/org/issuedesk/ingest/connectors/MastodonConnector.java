package org.issuedesk.ingest.connectors;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Mastodon public hashtag timelines ({@code GET /api/v1/timelines/tag/:hashtag}). The cursor is the
 * newest status id handed over; each round asks for the statuses newer than it ({@code min_id}),
 * page after page, until a page is short or {@code max-pages} is reached. The first round, without a
 * cursor, takes the latest page only (no back-fill). Post id = the status' ActivityPub {@code uri},
 * the same on every instance, so a status seen through two instances is published once; its HTML
 * {@code content} is made plain by the intake. Retry, breaker and pause as in {@link FeedConnector}.
 */
@Component
public class MastodonConnector {

    private static final Logger log = LoggerFactory.getLogger(MastodonConnector.class);
    static final String PLATFORM = "mastodon";

    private final MastodonProperties properties;
    private final Intake intake;
    private final PublishBreaker publishBreaker;
    private final ConnectorCursors cursors;
    private final JsonMapper json;
    private final ConnectorHttp http;

    public MastodonConnector(MastodonProperties properties, Intake intake, PublishBreaker publishBreaker,
            ConnectorCursors cursors, JsonMapper json) {
        this.properties = properties;
        this.intake = intake;
        this.publishBreaker = publishBreaker;
        this.cursors = cursors;
        this.json = json;
        this.http = new ConnectorHttp(properties.maxAttempts(), properties.backoff(), properties.timeout(),
                properties.pollInterval().multipliedBy(2));
    }

    @Scheduled(fixedDelayString = "${issuedesk.ingest.connectors.mastodon.poll-interval:2m}", initialDelayString = "10s")
    void scheduled() {
        if (properties.enabled()) {
            for (MastodonProperties.Timeline timeline : properties.timelines()) {
                try {
                    poll(timeline);
                } catch (Exception e) {
                    log.warn("timeline {} not polled: {}", timeline.source(), e.toString());
                }
            }
        }
    }

    /** @return how many posts were accepted this round */
    public int poll(MastodonProperties.Timeline timeline) throws Exception {
        int accepted = 0;
        for (int page = 0; page < properties.maxPages(); page++) {
            if (publishBreaker.isOpen()) {
                log.info("timeline {} paused: the broker is unavailable", timeline.source());
                return accepted;
            }
            String cursor = cursors.get(timeline.source()).orElse(null);
            URI uri = URI.create(timeline.instance().toString().replaceAll("/+$", "") + "/api/v1/timelines/tag/"
                    + URLEncoder.encode(timeline.hashtag(), StandardCharsets.UTF_8) + "?limit=" + properties.pageLimit()
                    + (cursor == null ? "" : "&min_id=" + cursor));
            JsonNode statuses = json.readTree(http.get(timeline.source(), uri, "application/json"));
            if (!statuses.isArray() || statuses.isEmpty()) {
                return accepted;
            }
            List<Item> items = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (JsonNode status : statuses) {
                String id = status.path("id").asString(null);
                if (id != null) {
                    ids.add(id);
                }
                if (!status.path("reblog").isNull() && status.has("reblog")) {
                    continue; // a boost: the original is what matters
                }
                items.add(Item.parsed(items.size(), toPost(timeline, status)));
            }
            List<ItemOutcome> outcomes;
            try {
                outcomes = intake.take(items, PLATFORM);
            } catch (PublishUnavailableException e) {
                log.info("timeline {} paused: {}", timeline.source(), e.getBody().getDetail());
                return accepted;
            }
            accepted += (int) outcomes.stream().filter(o -> o.status() == ItemOutcome.Status.accepted).count();
            if (outcomes.stream().anyMatch(o -> o.status() == ItemOutcome.Status.unavailable)) {
                return accepted; // the cursor stays: the page is fetched again next round
            }
            ids.stream().max(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
                    .ifPresent(newest -> cursors.put(timeline.source(), newest));
            if (cursor == null || statuses.size() < properties.pageLimit()) {
                return accepted;
            }
        }
        return accepted;
    }

    private static PostRequest toPost(MastodonProperties.Timeline timeline, JsonNode status) {
        String uri = status.path("uri").asString(null);
        String id = uri != null && !uri.isBlank() ? uri
                : status.hasNonNull("id") ? timeline.instance().getHost() + "/" + status.path("id").asString() : null;
        JsonNode account = status.path("account");
        String acct = account.path("acct").asString(null);
        Instant createdAt = null;
        try {
            createdAt = status.hasNonNull("created_at") ? Instant.parse(status.path("created_at").asString()) : null;
        } catch (DateTimeParseException e) {
            // left null: the intake rejects it and counts it
        }
        String url = status.path("url").asString(null);
        return new PostRequest(id, PLATFORM, acct == null ? null : "@" + acct, status.path("content").asString(null),
                createdAt, status.path("language").asString(null), url == null ? uri : url);
    }
}
