package org.issuedesk.gateway;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A route's breaker opens on 5xx answers, short-circuits while open, and closes when the service is back. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "issuedesk.gateway.resilience.time-limit=5s",
        "issuedesk.gateway.resilience.routes.classifier-service.time-limit=300ms",
        "issuedesk.gateway.resilience.open-state-wait=1s",
        "issuedesk.gateway.resilience.failure-window=4",
        "issuedesk.gateway.resilience.minimum-calls=4"})
@AutoConfigureWebTestClient
class CircuitBreakerTest {

    private static final String KEY = "breaker-test-key";

    private static final StubBackend classifier = StubBackend.start();
    private static final StubBackend routing = StubBackend.start();
    private static final StubBackend ingest = StubBackend.start();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.classifier", classifier::baseUrl);
        registry.add("issuedesk.gateway.services.routing", routing::baseUrl);
        registry.add("issuedesk.gateway.services.ingest", ingest::baseUrl);
        registry.add("issuedesk.gateway.api-keys[0].name", () -> "breaker-test");
        registry.add("issuedesk.gateway.api-keys[0].sha256", () -> TestKeys.sha256Hex(KEY));
        registry.add("issuedesk.gateway.api-keys[0].roles", () -> "admin");
        registry.add("issuedesk.gateway.rate-limit.enabled", () -> "false");
    }

    @Autowired
    private WebTestClient client;

    @LocalServerPort
    private int port;

    @Autowired
    private ReactiveResilience4JCircuitBreakerFactory breakers;

    @AfterAll
    static void stopStubs() {
        Stream.of(classifier, routing, ingest).forEach(StubBackend::close);
    }

    @Test
    void shouldOpenOnServerErrorsAndCloseWhenTheServiceIsBack() {
        // Given the routing service fails every request with a 500
        routing.answer("/api/cases/42/claim", 500, "application/json", "{\"stub\":\"broken\"}");

        // When a client calls it as often as the breaker's window
        for (int i = 0; i < 4; i++) {
            claim().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.detail")
                    .isEqualTo("The routing-service answered with an error (500). Retry later.");
        }

        // Then the breaker is open: the next call is answered at once, without reaching the service
        CircuitBreaker breaker = registry().circuitBreaker("routing-service");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        routing.forgetRequests();
        claim().expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectBody().jsonPath("$.detail")
                .isEqualTo("The routing-service is failing; calls to it are paused. Retry later.");
        assertThat(routing.received()).isEmpty();

        // When the service is back and the wait is over
        routing.answer("/api/cases/42/claim", 200, "application/json", "{\"claimed\":true}");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN));

        // Then trial calls go through, and after enough successes the breaker is closed again
        for (int i = 0; i < 3; i++) {
            claim().expectStatus().isOk().expectBody().json("{\"claimed\":true}");
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldApplyARoutesOwnTimeLimit() {
        // Given the classifier never answers, and its route has a 300 ms limit (others 5 s)
        classifier.hang("/api/classify");

        // When a client asks it to classify
        client.post().uri("/api/classify").header("X-API-Key", KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"posts\":[]}")
                .exchange()

                // Then the gateway gives up after the route's own limit
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.detail")
                .isEqualTo("The classifier-service did not answer within 300 ms. Retry later.");
    }

    @Test
    void shouldLetFortyConcurrentCallsReachTheServiceInsteadOfRefusingSomeWithABulkhead503() {
        // Given an ingest service that holds every request (its route has the default 5 s limit)
        ingest.hang("/api/posts/batch");
        WebClient web = WebClient.create("http://127.0.0.1:" + port);

        // When 40 clients post at once (Spring Cloud CircuitBreaker's default bulkhead lets 25 through, the rest 503)
        List<String> details = Flux.range(0, 40)
                .flatMap(i -> web.post().uri("/api/posts/batch").header("X-API-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                        .exchangeToMono(response -> response.bodyToMono(String.class)), 40)
                .collectList()
                .block(Duration.ofSeconds(60));

        // Then every one reached the service and got the time-out answer, none a refusal for concurrency
        assertThat(details).hasSize(40)
                .allSatisfy(detail -> assertThat(detail).contains("did not answer within 5000 ms"));
        assertThat(ingest.receivedAt("/api/posts/batch")).hasSize(40);
    }

    private WebTestClient.ResponseSpec claim() {
        return client.post().uri("/api/cases/42/claim").header("X-API-Key", KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }

    private CircuitBreakerRegistry registry() {
        return breakers.getCircuitBreakerRegistry();
    }
}
