package org.issuedesk.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;

import org.issuedesk.contracts.EventJson;
import org.issuedesk.testsupport.TestDatabase;
import org.issuedesk.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The real application and a real Kafka producer pointed at a port where no broker listens: a post
 * must be answered 503 with Retry-After within the producer's short blocking time, and never
 * counted as accepted. The context is closed afterwards so its clients stop calling the missing
 * broker while other tests run.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "issuedesk.ingest.publish-timeout=10s",
        "issuedesk.ingest.retry-after=7s",
        "issuedesk.ingest.breaker.minimum-number-of-calls=2",
        "issuedesk.ingest.breaker.wait-in-open-state=30s" })
class BrokerUnreachableTest {

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldAnswer503WithRetryAfterQuickly() throws Exception {
        // Given no broker at the configured address

        // When two posts are sent
        Duration publishTimeout = Duration.ofSeconds(10);
        long started = System.nanoTime();
        HttpResponse<String> first = post();
        Duration firstTook = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        HttpResponse<String> second = post();
        Duration secondTook = Duration.ofNanos(System.nanoTime() - started);

        // Then both are refused as unavailable, within the publish timeout, and not counted as accepted
        for (HttpResponse<String> response : List.of(first, second)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = EventJson.mapper().readTree(response.body());
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("detail").asString()).contains("not stored");
        }
        // the producer gives up after max.block.ms (1 s): well before the publish timeout, even on a busy machine
        assertThat(firstTook).isLessThan(publishTimeout.dividedBy(2));
        assertThat(secondTook).isLessThan(publishTimeout.dividedBy(2));
        assertThat(meters.find(IntakeMetrics.POSTS).tag("outcome", "accepted").counter()).isNull();
        assertThat(meters.get(IntakeMetrics.PUBLISH).tag("outcome", "failure").timer().count()).isEqualTo(2);

        // When a third post comes after two failures: the circuit breaker is open
        started = System.nanoTime();
        HttpResponse<String> third = post();
        Duration thirdTook = Duration.ofNanos(System.nanoTime() - started);

        // Then it is refused within a second without trying the broker, with the breaker's wait as Retry-After
        assertThat(third.statusCode()).as(third.body()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(EventJson.mapper().readTree(third.body()).path("detail").asString()).contains("unavailable");
        assertThat(thirdTook).isLessThan(Duration.ofSeconds(1));
        assertThat(meters.get(IntakeMetrics.PUBLISH).tag("outcome", "failure").timer().count()).isEqualTo(2);
        assertThat(meters.get(PublishBreaker.STATE).gauge().value()).isEqualTo(2.0);
    }

    @Test
    void shouldNotBeReady() throws Exception {
        // When
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(30)).GET().build(), BodyHandlers.ofString());

        // Then traffic is sent elsewhere while Kafka is away
        assertThat(readiness.statusCode()).isEqualTo(503);
        JsonNode health = EventJson.mapper().readTree(readiness.body());
        assertThat(health.path("components").path("kafka").path("status").asString()).isEqualTo("DOWN");
    }

    private HttpResponse<String> post() throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/posts")).header("Content-Type", "application/json")
                .header(TestIdentity.HEADER, TestIdentity.ingest("ingest-test"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(PostIntakeTest.ISSUE_2_POST))
                .build(), BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
