package org.issuedesk.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.ingest.connectors.ConnectorCursors;
import org.issuedesk.ingest.connectors.JetstreamConnector;
import org.issuedesk.ingest.connectors.JetstreamServer;
import org.issuedesk.ingest.connectors.MastodonConnector;
import org.issuedesk.ingest.connectors.MastodonProperties;
import org.issuedesk.ingest.intake.PostsRawRecords;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.issuedesk.localrun.KafkaBroker;
import org.issuedesk.localrun.Ports;
import org.issuedesk.testsupport.TestDatabase;
import org.issuedesk.testsupport.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

import tools.jackson.databind.JsonNode;

/**
 * A real broker stopped and started again on the same port with its data (local-runner's
 * {@link KafkaBroker}, a child JVM: the embedded broker cannot restart), under the real application:
 * while it is down the intake answers 503 + Retry-After (within a second once the circuit breaker is
 * open), the Mastodon and Jetstream connectors pause without moving their cursors, nothing is
 * answered accepted that is not on posts.raw, and all resume by themselves once the broker is back.
 */
@DirtiesContext // its producer would otherwise keep calling a stopped broker while other classes run
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "issuedesk.ingest.retry-after=3s",
        // long enough that the refusals measured while open never straddle the half-open trial
        "issuedesk.ingest.breaker.wait-in-open-state=5s",
        "issuedesk.ingest.connectors.mastodon.page-limit=2",
        "issuedesk.ingest.connectors.mastodon.backfill-pages=0",
        "issuedesk.ingest.connectors.mastodon.backoff=100ms",
        "issuedesk.ingest.connectors.jetstream.enabled=true",
        "issuedesk.ingest.connectors.jetstream.keywords[0]=EI",
        "issuedesk.ingest.connectors.jetstream.flush-interval=200ms",
        "issuedesk.ingest.connectors.jetstream.reconnect-backoff=200ms" })
class BrokerOutageTest {

    private static final Path KAFKA_LIB = Path.of(System.getProperty("issuedesk.kafka-lib",
            "../local-runner/target/kafka-lib"));
    private static final Path DATA = Path.of("target", "broker-outage-test");
    /** Ids of this run: the broker's data folder is fresh, but be sure no earlier record matches. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static final int BROKER_PORT = Ports.freePort();
    private static final int CONTROLLER_PORT = Ports.freePort();
    private static volatile KafkaBroker broker;
    private static final WireMockServer mastodon = new WireMockServer(options().dynamicPort());
    private static final String DAVE = "did:plc:dave";
    private static JetstreamServer jetstream;
    private static final Thread brokerCleanup = new Thread(() -> {
        if (broker != null) {
            broker.stop(Duration.ofSeconds(10));
        }
    }, "broker-outage-test-cleanup");

    @DynamicPropertySource
    static void brokerLedgerAndMastodon(DynamicPropertyRegistry registry) throws Exception {
        deleteRecursively(DATA);
        // the broker runs detached from this JVM's process group: stop it even if the run is interrupted
        Runtime.getRuntime().addShutdownHook(brokerCleanup);
        startBroker();
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        mastodon.start();
        jetstream = JetstreamServer.start();
        jetstream.add(JetstreamServer.post(1, DAVE, "3kout1", "EI claim before the outage", "2026-11-20T09:00:00.000Z"));
        registry.add("issuedesk.ingest.connectors.jetstream.url", jetstream::url);
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** A broker process runs once: a restart is a new one on the same ports and data folder. */
    private static void startBroker() throws IOException {
        broker = new KafkaBroker(KAFKA_LIB, DATA, BROKER_PORT, CONTROLLER_PORT);
        broker.start();
        broker.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopBrokerAndServer() throws Exception {
        mastodon.stop();
        jetstream.stop();
        if (broker != null) {
            broker.stop(Duration.ofSeconds(30));
        }
        Runtime.getRuntime().removeShutdownHook(brokerCleanup);
    }

    @RegisterExtension
    final TestWatcher brokerLogOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println("--- broker ---" + System.lineSeparator() + broker.logTail(60));
        }
    };

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;
    @Autowired
    PublishBreaker publishBreaker;
    @Autowired
    MastodonConnector connector;
    @Autowired
    ConnectorCursors cursors;

    private record Answer(String id, int status, String outcome, String retryAfter, Duration took) {
    }

    @Test
    void shouldRefuseWhileTheBrokerIsDownPauseTheConnectorAndRecoverByThemselves() throws Exception {
        // Given the intake and the Mastodon connector at work (a client sends again after a 503: the
        // first sends to a fresh broker may time out on a busy machine)
        List<Answer> answers = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> post("before"), answer -> answer.status() == 202);
        answers.add(post("before"));
        assertThat(answers.get(0).outcome()).as(answers.get(0).toString()).isEqualTo("duplicate");
        MastodonProperties.Timeline timeline = new MastodonProperties.Timeline(URI.create(mastodon.baseUrl()), "EI");
        serve("limit=2", status("11"), status("10"));
        await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> connector.poll(timeline) >= 0 && cursors.get(timeline.source()).isPresent());
        assertThat(cursors.get(timeline.source())).hasValue("11");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(cursors.get(JetstreamConnector.CURSOR)).hasValue("1"));

        // When the broker stops (controlled shutdown), and the timeline has newer statuses
        broker.stop(Duration.ofSeconds(30));
        serve("limit=2&min_id=11", status("13"), status("12"));
        serve("limit=2&min_id=13");

        // Then a round of the connector (breaker still closed) fetches them but cannot store them: the cursor stays
        assertThat(connector.poll(timeline)).isZero();
        assertThat(cursors.get(timeline.source())).hasValue("11");
        mastodon.verify(1, getRequestedFor(urlEqualTo("/api/v1/timelines/tag/EI?limit=2&min_id=11")));

        // and the intake refuses posts (503 + Retry-After, nothing accepted) until the circuit breaker opens
        await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    answers.add(post("down-" + answers.size()));
                    return publishBreaker.isOpen();
                });
        assertThat(publishBreaker.isOpen()).isTrue();
        long refusedBefore = publishBreaker.refusedCalls();
        List<Answer> whileOpen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            whileOpen.add(post("open-" + i));
        }
        for (Answer answer : concat(answers.subList(1, answers.size()), whileOpen)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.retryAfter()).as(answer.toString()).isNotNull();
        }
        // once open: refused by the breaker without trying the broker, with the breaker's wait as Retry-After
        assertThat(publishBreaker.refusedCalls()).isEqualTo(refusedBefore + whileOpen.size());
        assertThat(whileOpen).allSatisfy(answer -> assertThat(answer.retryAfter()).as(answer.toString()).isEqualTo("5"));
        HttpResponse<String> batch = send("/api/posts/batch", "application/x-ndjson", postJson("batch-1") + "\n");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(503);
        assertThat(batch.headers().firstValue("Retry-After")).isPresent();
        // and the connector pauses without even fetching
        assertThat(connector.poll(timeline)).isZero();
        assertThat(cursors.get(timeline.source())).hasValue("11");
        mastodon.verify(1, getRequestedFor(urlEqualTo("/api/v1/timelines/tag/EI?limit=2&min_id=11")));
        // and the Jetstream connector, sent a new post, cannot store it: it closes its subscription, cursor kept
        jetstream.add(JetstreamServer.post(2, DAVE, "3kout2", "EI claim during the outage", "2026-11-20T09:01:00.000Z"));
        await().atMost(Duration.ofSeconds(90)).until(() -> jetstream.closedSubscriptions() > 0);
        assertThat(cursors.get(JetstreamConnector.CURSOR)).hasValue("1");

        // When the broker starts again on the same port with its data
        startBroker();

        // Then the intake takes posts again by itself (the client just sends again, as Retry-After says)
        List<Answer> resent = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Answer answer = post("after");
                    resent.add(answer);
                    return answer.status() == 202;
                });
        assertThat(resent.get(resent.size() - 1).outcome()).isEqualTo("accepted");
        assertThat(resent.subList(0, resent.size() - 1)).allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
        // and the connector's next round takes the statuses it could not store
        assertThat(connector.poll(timeline)).isEqualTo(2);
        assertThat(cursors.get(timeline.source())).hasValue("13");
        // and the Jetstream connector subscribes again from its cursor and stores the post it could not
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(cursors.get(JetstreamConnector.CURSOR)).hasValue("2"));
        assertThat(jetstream.queries()).last().asString().endsWith("&cursor=1");

        // Then every post answered accepted is on posts.raw, and none refused while the broker was down
        List<String> keys = PostsRawRecords.all(broker.bootstrapServers()).stream().map(ConsumerRecord::key).toList();
        List<String> accepted = concat(answers, resent).stream().filter(a -> "accepted".equals(a.outcome()))
                .map(Answer::id).toList();
        assertThat(accepted).containsExactly("x:" + RUN + "-after");
        // (a send that timed out but reached the broker may put a post there twice: at least once, see docs/ingest.md)
        assertThat(keys).filteredOn(k -> k.startsWith("x:" + RUN))
                .containsOnly("x:" + RUN + "-before", "x:" + RUN + "-after");
        assertThat(keys).filteredOn(k -> k.startsWith("mastodon:https://mastodon.example/"))
                .containsExactlyInAnyOrder(statusKey("10"), statusKey("11"), statusKey("12"), statusKey("13"));
        assertThat(keys).filteredOn(k -> k.startsWith("bluesky:at://" + DAVE))
                .containsOnly("bluesky:at://" + DAVE + "/app.bsky.feed.post/3kout1",
                        "bluesky:at://" + DAVE + "/app.bsky.feed.post/3kout2")
                .containsOnlyOnce("bluesky:at://" + DAVE + "/app.bsky.feed.post/3kout1");
        // and the prometheus scrape shows the outcomes per source and platform, and the publish latency
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30)).GET().build(), BodyHandlers.ofString()).body();
        assertThat(counter(scrape, "accepted", "api", "x")).isGreaterThanOrEqualTo(2);
        assertThat(counter(scrape, "duplicate", "api", "x")).isGreaterThanOrEqualTo(1);
        assertThat(counter(scrape, "unavailable", "api", "x")).isGreaterThanOrEqualTo(1);
        assertThat(counter(scrape, "accepted", "mastodon", "mastodon")).isEqualTo(4);
        assertThat(counter(scrape, "accepted", "jetstream", "bluesky")).isGreaterThanOrEqualTo(2);
        assertThat(scrape).containsPattern("(?m)^issuedesk_ingest_publish_seconds_count\\{[^}]*outcome=\"success\"[^}]*} [1-9]")
                .containsPattern("(?m)^issuedesk_ingest_publish_seconds_count\\{[^}]*outcome=\"failure\"[^}]*} [1-9]")
                .containsPattern("(?m)^issuedesk_ingest_publish_seconds_bucket\\{[^}]*le=\"")
                .containsPattern("(?m)^issuedesk_ingest_breaker_state\\{[^}]*} 0\\.0");
        System.out.printf("OUTAGE first refusal after %d ms, %d refusals before the breaker opened, then %s; "
                + "recovered after %d resends%n", answers.get(1).took().toMillis(), answers.size() - 1,
                whileOpen.stream().map(a -> a.took().toMillis() + " ms").toList(), resent.size());
    }

    /** The value of {@code issuedesk_ingest_posts_total} with these tags in a Prometheus scrape (0 when absent). */
    private static double counter(String scrape, String outcome, String source, String platform) {
        return scrape.lines().filter(line -> line.startsWith("issuedesk_ingest_posts_total{")
                        && line.contains("outcome=\"" + outcome + "\"") && line.contains("source=\"" + source + "\"")
                        && line.contains("platform=\"" + platform + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private Answer post(String name) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = send("/api/posts", "application/json", postJson(name));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String outcome = null;
        if (response.statusCode() == 202) {
            outcome = EventJson.mapper().readTree(response.body()).path("status").asString();
        } else {
            JsonNode problem = EventJson.mapper().readTree(response.body());
            assertThat(problem.path("status").asInt()).as(response.body()).isEqualTo(response.statusCode());
        }
        return new Answer("x:" + RUN + "-" + name, response.statusCode(), outcome,
                response.headers().firstValue("Retry-After").orElse(null), took);
    }

    private static String postJson(String name) {
        return """
                {"id":"%s-%s","platform":"x","author":"@outage","text":"EI claim %s still stuck","createdAt":"2026-11-20T14:03:00Z"}"""
                .formatted(RUN, name, name);
    }

    private HttpResponse<String> send(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).timeout(Duration.ofSeconds(30))
                .header(TestIdentity.HEADER, TestIdentity.ingest("broker-outage-test"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }

    private static void serve(String query, String... statuses) {
        mastodon.stubFor(get(urlEqualTo("/api/v1/timelines/tag/EI?" + query)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("[" + String.join(",", statuses) + "]")));
    }

    /** A Mastodon {@code Status}, trimmed to what the connector reads. */
    private static String status(String id) {
        return """
                {"id":"%1$s","created_at":"2026-11-20T10:%1$s:00.000Z","language":"en","reblog":null,
                 "uri":"https://mastodon.example/users/someone/statuses/%1$s","url":"https://mastodon.example/@someone/%1$s",
                 "content":"<p>Week %1$s of waiting for my <a href=\\"https://mastodon.example/tags/EI\\">#<span>EI</span></a> claim</p>",
                 "account":{"id":"7","username":"someone","acct":"someone"}}""".formatted(id);
    }

    private static String statusKey(String id) {
        return "mastodon:https://mastodon.example/users/someone/statuses/" + id;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
