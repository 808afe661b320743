package org.issuedesk.ingest.connectors;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

import org.issuedesk.ingest.intake.Intake;
import org.issuedesk.ingest.intake.PostRequest;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mastodon public hashtag timelines ({@code GET /api/v1/timelines/tag/:hashtag}, statuses newest
 * first). The cursor is the newest status id handed over; each round asks for the statuses newer
 * than it ({@code min_id}), page after page, until a page is short or {@code max-pages} is reached.
 * The very first round of a timeline (no cursor yet) takes the latest page and then back-fills up to
 * {@code backfill-pages} older ones ({@code max_id} = the oldest id seen); its cursor is stored only
 * once all of them were handed over, so an interrupted back-fill starts again (what was handed over
 * is answered duplicate). Post id = the status' ActivityPub {@code uri}, the same on every instance,
 * so a status seen through two instances is published once; its HTML {@code content} is made plain
 * by the intake. Retry, breaker and pause as in {@link PollingConnector}.
 */
@Component
public class MastodonConnector extends PollingConnector<MastodonProperties.Timeline> {

    static final String PLATFORM = "mastodon";

    /** One page of a timeline: its posts (boosts left out) and the newest and oldest status ids on it. */
    private record Page(List<PostRequest> posts, int size, String newestId, String oldestId) {
    }

    /** Mastodon ids are decimal strings of growing length: compare by length first. */
    private static final Comparator<String> BY_ID = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    private final MastodonProperties properties;
    private final JsonMapper json;

    public MastodonConnector(MastodonProperties properties, Intake intake, PublishBreaker publishBreaker,
            ConnectorCursors cursors, JsonMapper json) {
        super(properties, intake, publishBreaker, cursors);
        this.properties = properties;
        this.json = json;
    }

    @Override
    List<MastodonProperties.Timeline> sources() {
        return properties.timelines();
    }

    @Override
    String describe(MastodonProperties.Timeline timeline) {
        return "timeline " + timeline.source();
    }

    @Override
    public int poll(MastodonProperties.Timeline timeline) throws Exception {
        String cursor = cursors.get(timeline.source()).orElse(null);
        return cursor == null ? firstRound(timeline) : forward(timeline, cursor);
    }

    /** Newer statuses than the cursor ({@code min_id}), the cursor moving after each page. */
    private int forward(MastodonProperties.Timeline timeline, String cursor) throws Exception {
        int accepted = 0;
        for (int n = 0; n < properties.maxPages(); n++) {
            if (paused(timeline)) {
                return accepted;
            }
            Page page = fetch(timeline, "&min_id=" + cursor);
            if (page.size() == 0) {
                return accepted;
            }
            OptionalInt handed = handOver(timeline, page.posts(), PLATFORM);
            if (handed.isEmpty()) {
                return accepted; // the cursor stays: the page is fetched again next round
            }
            accepted += handed.getAsInt();
            if (page.newestId() != null) {
                cursor = page.newestId();
                cursors.put(timeline.source(), cursor);
            }
            if (page.size() < properties.pageLimit()) {
                return accepted;
            }
        }
        return accepted;
    }

    /** The latest page, then older ones ({@code max_id}); the cursor is stored once all were handed over. */
    private int firstRound(MastodonProperties.Timeline timeline) throws Exception {
        if (paused(timeline)) {
            return 0;
        }
        Page latest = fetch(timeline, "");
        OptionalInt handed = handOver(timeline, latest.posts(), PLATFORM);
        if (latest.size() == 0 || handed.isEmpty()) {
            return 0;
        }
        int accepted = handed.getAsInt();
        Page older = latest;
        for (int n = 0; n < properties.backfillPages() && older.size() == properties.pageLimit()
                && older.oldestId() != null; n++) {
            if (paused(timeline)) {
                return accepted;
            }
            older = fetch(timeline, "&max_id=" + older.oldestId());
            handed = handOver(timeline, older.posts(), PLATFORM);
            if (handed.isEmpty()) {
                return accepted;
            }
            accepted += handed.getAsInt();
        }
        if (latest.newestId() != null) {
            cursors.put(timeline.source(), latest.newestId());
        }
        return accepted;
    }

    private Page fetch(MastodonProperties.Timeline timeline, String paging) throws Exception {
        URI uri = URI.create(timeline.instance().toString().replaceAll("/+$", "") + "/api/v1/timelines/tag/"
                + URLEncoder.encode(timeline.hashtag(), StandardCharsets.UTF_8) + "?limit=" + properties.pageLimit()
                + paging);
        JsonNode statuses = json.readTree(http.get(timeline.source(), uri, "application/json"));
        if (!statuses.isArray()) {
            return new Page(List.of(), 0, null, null);
        }
        List<PostRequest> posts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode status : statuses) {
            String id = status.path("id").asString(null);
            if (id != null && id.matches("\\d{1,30}")) {
                ids.add(id);
            }
            if (status.has("reblog") && !status.path("reblog").isNull()) {
                continue; // a boost: the original is what matters
            }
            posts.add(toPost(timeline, status));
        }
        return new Page(posts, statuses.size(), ids.stream().max(BY_ID).orElse(null), ids.stream().min(BY_ID).orElse(null));
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
        // some servers hide the count (absent, or -1): unknown rather than zero reach
        JsonNode followers = account.path("followers_count");
        Long authorFollowers = followers.isIntegralNumber() && followers.canConvertToLong() && followers.asLong() >= 0
                ? followers.asLong() : null;
        return new PostRequest(id, PLATFORM, acct == null ? null : "@" + acct, status.path("content").asString(null),
                createdAt, status.path("language").asString(null), url == null ? uri : url, authorFollowers);
    }
}
