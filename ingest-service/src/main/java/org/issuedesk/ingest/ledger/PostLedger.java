package org.issuedesk.ingest.ledger;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The intake's memory of the posts it has taken in, in ingest's own database table, so that
 * de-duplication survives a restart and never loses a post.
 *
 * <p>Why a table with a {@code pending → published} marker rather than the alternatives: rebuilding a
 * seen-set from the keys of {@code posts.raw} at start-up costs a full read of the topic (it grows
 * without end, and is not compacted) and memory for every id, and a compacted topic of seen ids would
 * itself need to be written after the ack, with the same crash window as a table, but without
 * conditional inserts. A table gives an atomic claim ({@code insert ... on conflict do nothing}) for
 * concurrent requests, costs nothing at start-up, and is indexed for the cross-post look-up.
 *
 * <p>The protocol, per post id:
 * <ol>
 * <li>{@link #claim}: insert a {@code pending} row. An existing {@code published} row means duplicate;
 * an existing {@code pending} row means another request is publishing it, unless it is older than
 * {@code stale-claim-after} (that request died with the service): then it is claimed again.
 * <li>publish to {@code posts.raw} and wait for the broker's ack;
 * <li>{@link #published}: mark the row; only then is the post reported accepted. If the publish
 * failed, {@link #release} deletes the row so that the post is accepted when it is sent again.
 * </ol>
 * A crash between the broker's ack and the mark leaves a {@code pending} row: the client got no
 * answer, resends, and the post is published a second time (at least once, never lost). Consumers
 * key on the post id, so they can tell.
 */
@Repository
public class PostLedger {

    /** What a claim found. */
    public enum Claim {
        /** this request now publishes the post */
        CLAIMED,
        /** the post is already on posts.raw */
        PUBLISHED,
        /** another request is publishing it right now */
        IN_FLIGHT
    }

    /** A post to claim: its id, platform, cross-post key and creation time. */
    public record Entry(String postId, String platform, String crossKey, Instant createdAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Duration staleClaimAfter;
    private final Duration crossPostWindow;

    public PostLedger(NamedParameterJdbcTemplate jdbc, DedupProperties properties) {
        this.jdbc = jdbc;
        this.staleClaimAfter = properties.staleClaimAfter();
        this.crossPostWindow = properties.crossPostWindow();
    }

    /** Claims each entry (distinct post ids), in one batch of inserts and at most two more statements. */
    public Map<String, Claim> claim(List<Entry> entries, Instant now) {
        Map<String, Claim> claims = new LinkedHashMap<>();
        if (entries.isEmpty()) {
            return claims;
        }
        MapSqlParameterSource[] rows = entries.stream().map(e -> params(e, now)).toArray(MapSqlParameterSource[]::new);
        int[] inserted = jdbc.batchUpdate("""
                insert into post_ledger (post_id, platform, status, claimed_at, cross_key, created_at)
                values (:postId, :platform, 'pending', :now, :crossKey, :createdAt)
                on conflict do nothing""", rows);
        List<Entry> taken = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (inserted[i] == 0) {
                taken.add(entries.get(i));
            } else {
                claims.put(entries.get(i).postId(), Claim.CLAIMED);
            }
        }
        if (taken.isEmpty()) {
            return claims;
        }
        Map<String, String> status = new HashMap<>();
        Map<String, Instant> claimedAt = new HashMap<>();
        jdbc.query("select post_id, status, claimed_at from post_ledger where post_id in (:ids)",
                Map.of("ids", taken.stream().map(Entry::postId).toList()), rs -> {
                    status.put(rs.getString(1), rs.getString(2));
                    claimedAt.put(rs.getString(1), rs.getTimestamp(3).toInstant());
                });
        Instant staleBefore = now.minus(staleClaimAfter);
        for (Entry entry : taken) {
            String id = entry.postId();
            if ("published".equals(status.get(id))) {
                claims.put(id, Claim.PUBLISHED);
            } else if (status.get(id) == null || claimedAt.get(id).isBefore(staleBefore)) {
                claims.put(id, reclaim(entry, now, staleBefore) ? Claim.CLAIMED : Claim.IN_FLIGHT);
            } else {
                claims.put(id, Claim.IN_FLIGHT);
            }
        }
        return claims;
    }

    /** Takes over a stale pending row (or one released meanwhile); false when another request won. */
    private boolean reclaim(Entry entry, Instant now, Instant staleBefore) {
        int updated = jdbc.update("""
                update post_ledger set claimed_at = :now, platform = :platform, cross_key = :crossKey,
                    created_at = :createdAt
                where post_id = :postId and status = 'pending' and claimed_at < :staleBefore""",
                params(entry, now).addValue("staleBefore", Timestamp.from(staleBefore)));
        if (updated == 1) {
            return true;
        }
        return jdbc.batchUpdate("""
                insert into post_ledger (post_id, platform, status, claimed_at, cross_key, created_at)
                values (:postId, :platform, 'pending', :now, :crossKey, :createdAt)
                on conflict do nothing""", new MapSqlParameterSource[] {params(entry, now)})[0] == 1;
    }

    /**
     * For each claimed entry that cross-posts an earlier post (same cross key, another platform,
     * created at most the cross-post window apart, and earlier — ties broken by id), the id of the
     * earliest such post. Claimed entries are in the ledger already, so cross-posts inside one batch
     * are found too.
     */
    public Map<String, String> crossPostsOf(List<Entry> entries) {
        Map<String, String> duplicateOf = new HashMap<>();
        if (entries.isEmpty()) {
            return duplicateOf;
        }
        Instant from = entries.stream().map(Entry::createdAt).min(Comparator.naturalOrder()).orElseThrow().minus(crossPostWindow);
        Instant to = entries.stream().map(Entry::createdAt).max(Comparator.naturalOrder()).orElseThrow().plus(crossPostWindow);
        Map<String, List<Entry>> byKey = new HashMap<>();
        jdbc.query("""
                select post_id, platform, cross_key, created_at from post_ledger
                where cross_key in (:keys) and created_at between :from and :to""",
                new MapSqlParameterSource("keys", entries.stream().map(Entry::crossKey).distinct().toList())
                        .addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                rs -> {
                    byKey.computeIfAbsent(rs.getString(3), k -> new ArrayList<>()).add(new Entry(rs.getString(1),
                            rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
                });
        Comparator<Entry> earliest = Comparator.comparing(Entry::createdAt).thenComparing(Entry::postId);
        for (Entry entry : entries) {
            byKey.getOrDefault(entry.crossKey(), List.of()).stream()
                    .filter(other -> !other.platform().equals(entry.platform()))
                    .filter(other -> earliest.compare(other, entry) < 0)
                    .filter(other -> Duration.between(other.createdAt(), entry.createdAt()).compareTo(crossPostWindow) <= 0)
                    .min(earliest)
                    .ifPresent(original -> duplicateOf.put(entry.postId(), original.postId()));
        }
        return duplicateOf;
    }

    /** The broker acknowledged these posts: from now on they are duplicates. */
    public void published(Collection<String> postIds, Instant now) {
        jdbc.batchUpdate("update post_ledger set status = 'published', published_at = :now where post_id = :postId",
                postIds.stream().map(id -> new MapSqlParameterSource("postId", id).addValue("now", Timestamp.from(now)))
                        .toArray(MapSqlParameterSource[]::new));
    }

    /** These posts could not be published: forget the claim so that they are accepted when sent again. */
    public void release(Collection<String> postIds) {
        jdbc.batchUpdate("delete from post_ledger where post_id = :postId and status = 'pending'",
                postIds.stream().map(id -> new MapSqlParameterSource("postId", id)).toArray(MapSqlParameterSource[]::new));
    }

    private static MapSqlParameterSource params(Entry entry, Instant now) {
        return new MapSqlParameterSource("postId", entry.postId()).addValue("platform", entry.platform())
                .addValue("crossKey", entry.crossKey()).addValue("createdAt", Timestamp.from(entry.createdAt()))
                .addValue("now", Timestamp.from(now));
    }
}
