package org.issuedesk.ingest.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.issuedesk.ingest.ledger.PostLedger.Claim;
import org.issuedesk.ingest.ledger.PostLedger.Entry;
import org.issuedesk.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The ledger's protocol on both databases it runs on: PostgreSQL (compose, tests) and H2 in
 * PostgreSQL mode (default and local run mode).
 */
class PostLedgerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final DedupProperties PROPERTIES = new DedupProperties(Duration.ofHours(1), Duration.ofSeconds(30));

    static Stream<String> databases() {
        return Stream.of("postgresql", "h2");
    }

    private static PostLedger ledger(String database) {
        DataSource dataSource;
        if (database.equals("h2")) {
            dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            TestDatabase.Schema schema = TestDatabase.freshSchema();
            dataSource = new DriverManagerDataSource(schema.url(), schema.username(), schema.password());
        }
        Flyway.configure().dataSource(dataSource).load().migrate();
        return new PostLedger(new NamedParameterJdbcTemplate(dataSource), PROPERTIES);
    }

    private static Entry entry(String id, String platform, String text, Instant createdAt) {
        return new Entry(platform + ":" + id, platform, CrossPostKey.of("@eve", text), createdAt);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void shouldClaimOnceAndAnswerPublishedAfterwards(String database) {
        // Given
        PostLedger ledger = ledger(database);
        Entry a = entry("1", "x", "a", NOW);
        Entry b = entry("2", "x", "b", NOW);

        // When
        Map<String, Claim> first = ledger.claim(List.of(a, b), NOW);
        Map<String, Claim> whilePending = ledger.claim(List.of(a), NOW.plusSeconds(1));
        ledger.published(List.of(a.postId(), b.postId()), NOW.plusSeconds(1));
        Map<String, Claim> afterwards = ledger.claim(List.of(a, b), NOW.plusSeconds(2));

        // Then
        assertThat(first).containsExactly(Map.entry("x:1", Claim.CLAIMED), Map.entry("x:2", Claim.CLAIMED));
        assertThat(whilePending).containsExactly(Map.entry("x:1", Claim.IN_FLIGHT));
        assertThat(afterwards).containsOnly(Map.entry("x:1", Claim.PUBLISHED), Map.entry("x:2", Claim.PUBLISHED));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void shouldLetAReleasedOrStaleClaimBeClaimedAgain(String database) {
        // Given a claim whose publish failed, and one left by a request that never finished
        PostLedger ledger = ledger(database);
        Entry failed = entry("f", "x", "f", NOW);
        Entry abandoned = entry("s", "x", "s", NOW);
        ledger.claim(List.of(failed, abandoned), NOW);
        ledger.release(List.of(failed.postId()));

        // When both are sent again after the stale time
        Map<String, Claim> again = ledger.claim(List.of(failed, abandoned), NOW.plusSeconds(31));

        // Then
        assertThat(again).containsOnly(Map.entry("x:f", Claim.CLAIMED), Map.entry("x:s", Claim.CLAIMED));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void shouldFindTheEarliestCrossPostWithinTheWindowOnAnotherPlatform(String database) {
        // Given
        PostLedger ledger = ledger(database);
        Entry original = entry("1", "mastodon", "same", NOW);
        Entry samePlatform = entry("2", "mastodon", "same", NOW.plusSeconds(60));
        Entry cross = entry("3", "bluesky", "same", NOW.plusSeconds(120));
        Entry late = entry("4", "x", "same", NOW.plus(Duration.ofHours(2)));
        ledger.claim(List.of(original, samePlatform, cross, late), NOW);

        // When
        Map<String, String> duplicateOf = ledger.crossPostsOf(List.of(original, samePlatform, cross, late));

        // Then
        assertThat(duplicateOf).containsOnly(Map.entry("bluesky:3", "mastodon:1"));
    }
}
