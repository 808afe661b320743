package org.issuedesk.gateway;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway in front of a service that is down, one that fails, and one that never answers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "issuedesk.gateway.resilience.time-limit=1s",
        // the retry tests' calls to routing (three calls and two back-offs) are not raced against a clock
        "issuedesk.gateway.resilience.routes.routing-service.time-limit=60s",
        "issuedesk.gateway.resilience.open-state-wait=7s"})
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class GatewayResilienceTest {

    private static final String KEY = "s3cret-test-key";

    // ingest is down: nothing listens on its port
    private static final String ingestDown = StubBackend.unreachableBaseUrl();
    private static final StubBackend classifier = StubBackend.start();
    private static final StubBackend routing = StubBackend.start();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.ingest", () -> ingestDown);
        registry.add("issuedesk.gateway.services.classifier", classifier::baseUrl);
        registry.add("issuedesk.gateway.services.routing", routing::baseUrl);
        registry.add("issuedesk.gateway.api-keys[0].name", () -> "test-tool");
        registry.add("issuedesk.gateway.api-keys[0].sha256", () -> TestKeys.sha256Hex(KEY));
        registry.add("issuedesk.gateway.api-keys[0].roles", () -> "admin");
    }

    @Autowired
    private WebTestClient client;

    @BeforeEach
    void forgetEarlierRequests() {
        Stream.of(classifier, routing).forEach(StubBackend::forgetRequests);
    }

    @AfterAll
    static void stopStubs() {
        Stream.of(classifier, routing).forEach(StubBackend::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE"})
    void shouldAnswer503ProblemWithRetryAfterWhenTheServiceIsDown(String methodName) {
        // Given the ingest service is down
        // When a client calls it, whatever the method
        HttpMethod method = HttpMethod.valueOf(methodName);
        WebTestClient.RequestBodySpec request = client.method(method).uri("/api/posts/1234").header("X-API-Key", KEY);
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\":\"1234\"}");
        }
        request.exchange()

                // Then the gateway answers 503 as a problem, telling when to retry
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.title").isEqualTo("Service Unavailable")
                .jsonPath("$.detail").isEqualTo("The ingest-service cannot be reached. Retry later.")
                .jsonPath("$.instance").isEqualTo("/api/posts/1234")
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void shouldRetryAGetThatFailsWithA5xx() {
        // Given the routing service fails twice on that path, then answers
        routing.answer("/api/teams/recovering", 200, "application/json", "{\"id\":\"recovering\"}")
                .answerNext("/api/teams/recovering", 2, 503, "application/json", "{\"stub\":\"overloaded\"}");

        // When a client reads it
        client.get().uri("/api/teams/recovering").header("X-API-Key", KEY).exchange()

                // Then the client gets the service's answer after the retries, not an error
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo("recovering");

        // And the gateway called three times (the first call and two retries)
        assertThat(routing.receivedAt("/api/teams/recovering")).hasSize(3)
                .allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
    }

    @Test
    void shouldAnswer503OnceTheRetriesOfAGetAreSpent() {
        // Given the routing service fails on that path
        routing.answer("/api/teams/flaky", 503, "application/json", "{\"stub\":\"overloaded\"}");

        // When a client reads it
        client.get().uri("/api/teams/flaky").header("X-API-Key", KEY).exchange()

                // Then, once the retries are spent, the gateway answers 503 as a problem
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectBody()
                .jsonPath("$.detail").isEqualTo("The routing-service answered with an error (503). Retry later.");

        // And the gateway tried three times (the first call and two retries)
        assertThat(routing.receivedAt("/api/teams/flaky")).hasSize(3)
                .allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
    }

    @Test
    void shouldNotRetryAPostThatFailsWithA5xx() {
        // Given the routing service fails on that path
        routing.answer("/api/cases/42/claim", 503, "application/json", "{\"stub\":\"overloaded\"}");

        // When a client posts to it
        client.post().uri("/api/cases/42/claim").header("X-API-Key", KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"by\":\"someone\"}")
                .exchange()

                // Then the gateway answers 503 as a problem
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("The routing-service answered with an error (503). Retry later.");

        // And the post was sent once only: it may have had an effect
        assertThat(routing.receivedAt("/api/cases/42/claim")).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo("{\"by\":\"someone\"}"));
    }

    @Test
    void shouldAnswer503WhenTheServiceTakesLongerThanTheTimeLimit(CapturedOutput output) {
        // Given the classifier never answers
        classifier.hang("/api/classify");
        String traceId = "0af7651916cd43dd8448eb211c80319c";

        // When a client (part of a trace) asks it to classify
        client.post().uri("/api/classify").header("X-API-Key", KEY)
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"posts\":[]}")
                .exchange()

                // Then after the time limit the gateway answers 503 as a problem
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectBody()
                .jsonPath("$.detail").isEqualTo("The classifier-service did not answer within 1000 ms. Retry later.")
                .jsonPath("$.instance").isEqualTo("/api/classify");
        assertThat(classifier.receivedAt("/api/classify")).hasSize(1);

        // And the gateway's log says why, under the client's trace id
        assertThat(output.getOut().lines().filter(line -> line.contains("classifier-service unavailable")))
                .singleElement().asString()
                .contains(traceId)
                .contains("POST /api/classify")
                .contains("TimeoutException");
    }

    @Test
    void shouldNotServeTheFallbackDirectly() {
        // When a client calls the fallback itself
        client.post().uri("/fallback").exchange()

                // Then there is nothing there: only a circuit breaker's forward reaches it
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404);
    }
}
