package org.issuedesk.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import reactor.core.publisher.Flux;

import org.issuedesk.gateway.StubBackend;
import org.issuedesk.gateway.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-client rate limit (429 + Retry-After), the request body cap (413) and form bodies (415), all as problem+json.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "issuedesk.gateway.rate-limit.requests-per-second=0.2",
        "issuedesk.gateway.rate-limit.burst=3",
        "issuedesk.gateway.max-body-size=1KB"})
@AutoConfigureWebTestClient
class EdgeLimitsTest {

    private static final StubBackend ingest = StubBackend.start();
    private static final StubBackend routing = StubBackend.start();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.ingest", ingest::baseUrl);
        registry.add("issuedesk.gateway.services.routing", routing::baseUrl);
        // one key per test: each test starts with a full bucket
        String[] clients = {"busy-tool", "quiet-tool", "big-poster", "chunked-poster", "small-chunked-poster", "form-poster"};
        for (int i = 0; i < clients.length; i++) {
            int index = i;
            registry.add("issuedesk.gateway.api-keys[" + i + "].name", () -> clients[index]);
            registry.add("issuedesk.gateway.api-keys[" + i + "].sha256", () -> TestKeys.sha256Hex(clients[index] + "-key"));
            registry.add("issuedesk.gateway.api-keys[" + i + "].roles", () -> "ingest,analyst");
        }
    }

    @Autowired
    private WebTestClient client;

    @BeforeEach
    void servicesAnswer() {
        Stream.of(ingest, routing).forEach(StubBackend::forgetRequests);
        routing.answer("/api/teams", 200, "application/json", "[]");
        ingest.answer("/api/posts/batch", 202, "application/json", "{}");
    }

    @AfterAll
    static void stopStubs() {
        Stream.of(ingest, routing).forEach(StubBackend::close);
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceAClientSpentItsBurst() {
        // Given a client that sent its burst of 3
        for (int i = 0; i < 3; i++) {
            client.get().uri("/api/teams").header("X-API-Key", "busy-tool-key").exchange().expectStatus().isOk();
        }

        // When it sends one more
        client.get().uri("/api/teams").header("X-API-Key", "busy-tool-key").exchange()

                // Then it is told to wait (one token every 5 s), and the service does not see it
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER,
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 5))
                .expectBody()
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).startsWith("Too many requests from busy-tool."));
        assertThat(routing.receivedAt("/api/teams")).hasSize(3);

        // And another client still gets through
        client.get().uri("/api/teams").header("X-API-Key", "quiet-tool-key").exchange().expectStatus().isOk();
    }

    @Test
    void shouldRefuseABodyDeclaredLargerThanTheCap() {
        client.post().uri("/api/posts/batch").header("X-API-Key", "big-poster-key")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("x".repeat(1025))
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("The request body is larger than 1024 bytes.");
        assertThat(ingest.received()).isEmpty();
    }

    @Test
    void shouldRefuseAChunkedBodyThatGrowsPastTheCap() {
        // When a client streams a body without a length, 600 bytes at a time
        client.post().uri("/api/posts/batch").header("X-API-Key", "chunked-poster-key")
                .contentType(MediaType.APPLICATION_NDJSON)
                .body(chunks(600, 600, 600), DataBuffer.class)
                .exchange()

                // Then the gateway refuses it, and the service never sees any of it
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(ingest.received()).isEmpty();
    }

    @Test
    void shouldForwardAChunkedBodyWithinTheCapWhole() {
        client.post().uri("/api/posts/batch").header("X-API-Key", "small-chunked-poster-key")
                .contentType(MediaType.APPLICATION_NDJSON)
                .body(chunks(300, 300), DataBuffer.class)
                .exchange()
                .expectStatus().isAccepted();
        assertThat(ingest.receivedAt("/api/posts/batch")).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo("a".repeat(300) + "b".repeat(300)));
    }

    @Test
    void shouldRefuseAFormBodyThatNoServiceTakesWith415() {
        // When a client sends an HTML form body (here one that cannot even be decoded)
        client.post().uri("/api/posts/batch").header("X-API-Key", "form-poster-key")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("%zz=%%")
                .exchange()

                // Then the gateway answers 415 problem+json itself (was the service's 500, seen as 503), naming the type
                .expectStatus().isEqualTo(415)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail ->
                        assertThat(detail.toString()).contains("application/x-www-form-urlencoded"));
        assertThat(ingest.received()).isEmpty();
    }

    private static Flux<DataBuffer> chunks(int... sizes) {
        return Flux.range(0, sizes.length).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                String.valueOf((char) ('a' + i)).repeat(sizes[i]).getBytes(StandardCharsets.UTF_8)));
    }
}
