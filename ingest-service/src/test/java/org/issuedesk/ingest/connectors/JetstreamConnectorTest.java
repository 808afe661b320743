package org.issuedesk.ingest.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.issuedesk.ingest.connectors.JetstreamServer.post;

import java.time.Duration;
import java.util.List;

import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.ingest.connectors.JetstreamServer.Event;
import org.issuedesk.ingest.intake.IntakeMetrics;
import org.issuedesk.ingest.intake.PostsRawRecords;
import org.issuedesk.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Jetstream connector against a local WebSocket server ({@link JetstreamServer}) that serves
 * Jetstream-shaped events and replays from the {@code cursor} it is asked for, a real broker and a
 * real PostgreSQL.
 */
@DirtiesContext // stops the subscription with the class, not at the end of the run
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "issuedesk.ingest.connectors.jetstream.enabled=true",
        "issuedesk.ingest.connectors.jetstream.keywords[0]=EI",
        "issuedesk.ingest.connectors.jetstream.keywords[1]=assurance-emploi",
        "issuedesk.ingest.connectors.jetstream.flush-interval=200ms",
        "issuedesk.ingest.connectors.jetstream.reconnect-backoff=200ms" })
@EmbeddedKafka
class JetstreamConnectorTest {

    private static final String CAROL = "did:plc:carol";
    private static JetstreamServer jetstream;

    @DynamicPropertySource
    static void ledgerAndJetstream(DynamicPropertyRegistry registry) throws Exception {
        jetstream = JetstreamServer.start();
        registry.add("issuedesk.ingest.connectors.jetstream.url", jetstream::url);
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
        for (Event event : List.of(
                post(1_000, CAROL, "3kabc1", "Still waiting on my #EI claim after 6 weeks", "2026-11-21T09:00:00.000Z"),
                new Event(1_001, """
                        {"did":"did:plc:bob","time_us":1001,"kind":"commit","commit":{"rev":"r1","operation":"create",
                         "collection":"app.bsky.feed.like","rkey":"3klike","record":{"$type":"app.bsky.feed.like"}}}"""),
                new Event(1_002, "{\"did\":\"did:plc:bob\",\"time_us\":1002,\"kind\":\"commit\",\"commit\":{"),
                new Event(1_003, """
                        {"did":"did:plc:bob","time_us":1003,"kind":"identity","identity":{"did":"did:plc:bob",
                         "handle":"bob.bsky.social","seq":1,"time":"2026-11-21T09:00:00.000Z"}}"""),
                new Event(1_004, """
                        {"did":"did:plc:bob","time_us":1004,"kind":"commit","commit":{"rev":"r2","operation":"create",
                         "collection":"app.bsky.feed.post","record":{"$type":"app.bsky.feed.post","text":"EI without rkey"}}}"""),
                post(1_005, CAROL, "3kabc5", "Being outside in this weather is lovely", "2026-11-21T09:00:05.000Z"),
                post(1_006, CAROL, "3kabc6", "Assurance-emploi : toujours rien reçu", "2026-11-21T09:00:06.000Z"),
                new Event(1_007, """
                        {"did":"did:plc:carol","time_us":1007,"kind":"commit","commit":{"rev":"r3","operation":"delete",
                         "collection":"app.bsky.feed.post","rkey":"3kabc1"}}"""),
                post(1_008, CAROL, "3kabc8", "My EI claim, posted yesterday", "yesterday"))) {
            jetstream.add(event);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        jetstream.stop();
    }

    @Autowired
    JetstreamConnector connector;
    @Autowired
    ConnectorCursors cursors;
    @Autowired
    MeterRegistry meters;
    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void shouldTakeMatchingPostsSkipMalformedEventsAndResumeFromTheCursorAfterARestart() {
        // Given the events above, streamed as soon as the service subscribed

        // Then the two matching posts are published, the cursor is the last event's time_us, and the
        // two malformed events are counted
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(cursors.get(JetstreamConnector.CURSOR)).hasValue("1008"));
        assertThat(jetstream.queries().get(0)).isEqualTo("wantedCollections=app.bsky.feed.post");
        assertThat(meters.get(JetstreamConnector.MALFORMED).tag("source", "jetstream").counter().count()).isEqualTo(2);
        assertThat(meters.get(IntakeMetrics.POSTS).tag("outcome", "rejected").tag("source", "jetstream").counter()
                .count()).as("the post with createdAt \"yesterday\"").isEqualTo(1);
        assertThat(bluesky()).containsExactlyInAnyOrder(key("3kabc1"), key("3kabc6"));
        SocialPost first = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(), key("3kabc1")).get(0).value();
        assertThat(first.author()).isEqualTo(CAROL);
        assertThat(first.text()).isEqualTo("Still waiting on my #EI claim after 6 weeks");
        assertThat(first.hashtags()).containsExactly("EI");
        assertThat(first.lang()).isEqualTo("en");
        assertThat(first.url()).isEqualTo("https://bsky.app/profile/did:plc:carol/post/3kabc1");

        // When the connector restarts, and a new post arrived meanwhile
        connector.stop();
        jetstream.add(post(1_009, CAROL, "3kabc9", "EI: finally paid!", "2026-11-21T09:00:09.000Z"));
        connector.start();

        // Then it subscribes from its cursor and publishes only the new post
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(cursors.get(JetstreamConnector.CURSOR)).hasValue("1009"));
        assertThat(jetstream.queries()).last().isEqualTo("wantedCollections=app.bsky.feed.post&cursor=1008");
        assertThat(bluesky()).containsExactlyInAnyOrder(key("3kabc1"), key("3kabc6"), key("3kabc9"));
    }

    static String key(String rkey) {
        return "bluesky:at://" + CAROL + "/app.bsky.feed.post/" + rkey;
    }

    private List<String> bluesky() {
        return PostsRawRecords.all(broker.getBrokersAsString()).stream().map(r -> r.key())
                .filter(k -> k.startsWith("bluesky:")).toList();
    }
}
