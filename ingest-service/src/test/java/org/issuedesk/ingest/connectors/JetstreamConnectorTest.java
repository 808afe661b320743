package org.issuedesk.ingest.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.ingest.intake.IntakeMetrics;
import org.issuedesk.ingest.intake.PostsRawRecords;
import org.issuedesk.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The Jetstream connector against a local WebSocket server (Tomcat's) that serves Jetstream-shaped
 * events and replays from the {@code cursor} it is asked for, a real broker and a real PostgreSQL.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "issuedesk.ingest.connectors.jetstream.enabled=true",
        "issuedesk.ingest.connectors.jetstream.keywords[0]=EI",
        "issuedesk.ingest.connectors.jetstream.keywords[1]=assurance-emploi",
        "issuedesk.ingest.connectors.jetstream.flush-interval=200ms",
        "issuedesk.ingest.connectors.jetstream.reconnect-backoff=200ms" })
@EmbeddedKafka
class JetstreamConnectorTest {

    /** Events as the server sends them, with their time_us (the cursor it replays from). */
    record Event(long timeUs, String json) {
    }

    static final List<Event> events = new CopyOnWriteArrayList<>();
    static final List<String> queries = new CopyOnWriteArrayList<>();
    private static Tomcat jetstream;

    /** Jetstream's /subscribe: replays every event at or after {@code cursor}, then keeps the stream open. */
    public static class Subscribe extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            queries.add(String.valueOf(session.getQueryString()));
            List<String> cursor = session.getRequestParameterMap().get("cursor");
            long from = cursor == null ? Long.MIN_VALUE : Long.parseLong(cursor.get(0));
            try {
                for (Event event : events) {
                    if (event.timeUs() >= from) {
                        session.getBasicRemote().sendText(event.json());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @DynamicPropertySource
    static void ledgerAndJetstream(DynamicPropertyRegistry registry) throws Exception {
        jetstream = new Tomcat();
        jetstream.setBaseDir(Files.createTempDirectory("jetstream").toString());
        jetstream.setPort(0);
        jetstream.getConnector();
        Context context = jetstream.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat runs filters (the WebSocket upgrade is one) only for a request that maps to a servlet
        Tomcat.addServlet(context, "default", new HttpServlet() {
        });
        context.addServletMappingDecoded("/", "default");
        jetstream.start();
        ((ServerContainer) context.getServletContext().getAttribute(ServerContainer.class.getName()))
                .addEndpoint(ServerEndpointConfig.Builder.create(Subscribe.class, "/subscribe").build());
        int port = jetstream.getConnector().getLocalPort();
        registry.add("issuedesk.ingest.connectors.jetstream.url", () -> "ws://127.0.0.1:" + port + "/subscribe");
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
        events.addAll(List.of(
                post(1_000, "3kabc1", "Still waiting on my #EI claim after 6 weeks", "2026-11-21T09:00:00.000Z"),
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
                post(1_005, "3kabc5", "Being outside in this weather is lovely", "2026-11-21T09:00:05.000Z"),
                post(1_006, "3kabc6", "Assurance-emploi : toujours rien reçu", "2026-11-21T09:00:06.000Z"),
                new Event(1_007, """
                        {"did":"did:plc:carol","time_us":1007,"kind":"commit","commit":{"rev":"r3","operation":"delete",
                         "collection":"app.bsky.feed.post","rkey":"3kabc1"}}"""),
                post(1_008, "3kabc8", "My EI claim, posted yesterday", "yesterday")));
    }

    static Event post(long timeUs, String rkey, String text, String createdAt) {
        return new Event(timeUs, """
                {"did":"did:plc:carol","time_us":%d,"kind":"commit","commit":{"rev":"3l%s","operation":"create",
                 "collection":"app.bsky.feed.post","rkey":"%s","record":{"$type":"app.bsky.feed.post",
                 "text":"%s","createdAt":"%s","langs":["en"]},"cid":"bafyrei%s"}}"""
                .formatted(timeUs, rkey, rkey, text, createdAt, rkey));
    }

    @AfterAll
    static void stopServer() throws Exception {
        jetstream.stop();
        jetstream.destroy();
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
        assertThat(queries.get(0)).isEqualTo("wantedCollections=app.bsky.feed.post");
        assertThat(meters.get(JetstreamConnector.MALFORMED).tag("source", "jetstream").counter().count()).isEqualTo(2);
        assertThat(meters.get(IntakeMetrics.POSTS).tag("outcome", "rejected").tag("source", "jetstream").counter()
                .count()).as("the post with createdAt \"yesterday\"").isEqualTo(1);
        List<String> keys = bluesky();
        assertThat(keys).containsExactlyInAnyOrder("bluesky:at://did:plc:carol/app.bsky.feed.post/3kabc1",
                "bluesky:at://did:plc:carol/app.bsky.feed.post/3kabc6");
        SocialPost first = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(),
                "bluesky:at://did:plc:carol/app.bsky.feed.post/3kabc1").get(0).value();
        assertThat(first.author()).isEqualTo("did:plc:carol");
        assertThat(first.text()).isEqualTo("Still waiting on my #EI claim after 6 weeks");
        assertThat(first.hashtags()).containsExactly("EI");
        assertThat(first.lang()).isEqualTo("en");
        assertThat(first.url()).isEqualTo("https://bsky.app/profile/did:plc:carol/post/3kabc1");

        // When the connector restarts, and a new post arrived meanwhile
        connector.stop();
        events.add(post(1_009, "3kabc9", "EI: finally paid!", "2026-11-21T09:00:09.000Z"));
        connector.start();

        // Then it subscribes from its cursor and publishes only the new post
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(cursors.get(JetstreamConnector.CURSOR)).hasValue("1009"));
        assertThat(queries).last().isEqualTo("wantedCollections=app.bsky.feed.post&cursor=1008");
        assertThat(bluesky()).containsExactlyInAnyOrder("bluesky:at://did:plc:carol/app.bsky.feed.post/3kabc1",
                "bluesky:at://did:plc:carol/app.bsky.feed.post/3kabc6", "bluesky:at://did:plc:carol/app.bsky.feed.post/3kabc9");
    }

    private List<String> bluesky() {
        return PostsRawRecords.all(broker.getBrokersAsString()).stream().map(r -> r.key())
                .filter(k -> k.startsWith("bluesky:")).toList();
    }
}
