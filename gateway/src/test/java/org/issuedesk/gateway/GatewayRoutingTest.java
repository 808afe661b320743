package org.issuedesk.gateway;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The real gateway in front of three stub services: API keys, routes, and what travels through them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class GatewayRoutingTest {

    private static final String KEY = "s3cret-test-key";

    private static final StubBackend ingest = StubBackend.start();
    private static final StubBackend classifier = StubBackend.start();
    private static final StubBackend routing = StubBackend.start();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.ingest", ingest::baseUrl);
        registry.add("issuedesk.gateway.services.classifier", classifier::baseUrl);
        registry.add("issuedesk.gateway.services.routing", routing::baseUrl);
        registry.add("issuedesk.gateway.api-keys[0].name", () -> "test-tool");
        registry.add("issuedesk.gateway.api-keys[0].sha256", () -> TestKeys.sha256Hex(KEY));
        registry.add("issuedesk.gateway.api-keys[0].roles", () -> "admin");
        registry.add("issuedesk.gateway.cors.allowed-origins", () -> "https://tools.example.org");
    }

    @Autowired
    private WebTestClient client;

    @BeforeEach
    void forgetEarlierRequests() {
        Stream.of(ingest, classifier, routing).forEach(StubBackend::forgetRequests);
    }

    @AfterAll
    static void stopStubs() {
        Stream.of(ingest, classifier, routing).forEach(StubBackend::close);
    }

    @Test
    void shouldRefuseARequestWithoutApiKey() {
        // Given a service that would answer
        routing.answer("/api/teams", 200, "application/json", "[]");

        // When a request carries no key
        client.get().uri("/api/teams").exchange()

                // Then the gateway refuses it with a problem, and the service never sees it
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer, ApiKey")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("Unauthorized")
                .jsonPath("$.detail").isEqualTo("This API needs a bearer token (Authorization: Bearer ...) or an API "
                        + "key in the X-API-Key header.")
                .jsonPath("$.instance").isEqualTo("/api/teams")
                .jsonPath("$.trace").doesNotExist();
        assertThat(routing.received()).isEmpty();
    }

    @Test
    void shouldRefuseAWrongApiKey() {
        // Given a service that would accept the post
        ingest.answer("/api/posts", 202, "application/json", "{}");

        // When the key is not one of the configured ones
        client.post().uri("/api/posts")
                .header("X-API-Key", KEY + "x")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"1\"}")
                .exchange()

                // Then the gateway refuses it, and the service never sees it
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "ApiKey")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").isEqualTo("The API key in the X-API-Key header is not valid.");
        assertThat(ingest.received()).isEmpty();
    }

    @Test
    void shouldForwardAnAuthenticatedPostAndReturnTheServiceAnswer() {
        // Given the ingest service accepts posts
        String post = """
                {"id":"1234","platform":"mastodon","author":"@someone","text":"Still no news on my EI claim",\
                "createdAt":"2026-11-20T14:03:00Z","lang":"en"}""";
        ingest.answer("/api/posts", 202, "application/json", "{\"accepted\":\"mastodon:1234\"}");

        // When a client posts with a valid key
        client.post().uri("/api/posts")
                .header("X-API-Key", KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(post)
                .exchange()

                // Then the service's status and body come back unchanged
                .expectStatus().isEqualTo(HttpStatus.ACCEPTED)
                .expectBody().json("{\"accepted\":\"mastodon:1234\"}");

        // And the service received the request as sent, with the client's name instead of its key
        assertThat(ingest.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/api/posts");
            assertThat(request.body()).isEqualTo(post);
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(request.header("X-API-Key")).isNull();
            assertThat(request.header("X-Issuedesk-Client")).isEqualTo("test-tool");
            assertThat(request.header("X-Issuedesk-Identity")).isNotBlank();
            assertThat(request.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            assertThat(request.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        });
    }

    @Test
    void shouldContinueTheClientTraceDownstream() {
        // Given a service that answers, and a client that is part of a W3C trace
        routing.answer("/api/teams", 200, "application/json", "[]");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        // When it calls through the gateway
        client.get().uri("/api/teams")
                .header("X-API-Key", KEY)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange()
                .expectStatus().isOk();

        // Then the service receives the same trace, with the gateway's span as parent
        assertThat(routing.received()).singleElement()
                .satisfies(request -> assertThat(request.header("traceparent"))
                        .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                        .doesNotContain("00f067aa0ba902b7"));
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of(HttpMethod.POST, "/api/posts/batch", null, "ingest"),
                Arguments.of(HttpMethod.POST, "/api/classify", null, "classifier"),
                Arguments.of(HttpMethod.GET, "/api/policy-files", null, "classifier"),
                Arguments.of(HttpMethod.DELETE, "/api/policy-files/passports", null, "classifier"),
                Arguments.of(HttpMethod.GET, "/api/teams", null, "routing"),
                Arguments.of(HttpMethod.GET, "/api/teams/benefits-horizontal/cases", "status=open&page=2", "routing"),
                Arguments.of(HttpMethod.POST, "/api/cases/42/claim", null, "routing"));
    }

    @ParameterizedTest(name = "{0} {1} → {3}")
    @MethodSource("routes")
    void shouldRouteEachApiToItsService(HttpMethod method, String path, String query, String service) {
        // Given every service answers on that path with its own name
        Stream.of(ingest, classifier, routing).forEach(stub ->
                stub.answer(path, 200, "application/json", "{\"service\":\"" + nameOf(stub) + "\"}"));

        // When an authenticated client calls it
        client.method(method).uri(query == null ? path : path + "?" + query)
                .header("X-API-Key", KEY)
                .exchange()

                // Then the owning service answers, and only it was called, with the same method, path and query
                .expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo(service);
        StubBackend owner = switch (service) {
            case "ingest" -> ingest;
            case "classifier" -> classifier;
            default -> routing;
        };
        assertThat(owner.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo(method.name());
            assertThat(request.path()).isEqualTo(path);
            assertThat(request.query()).isEqualTo(query);
        });
        Stream.of(ingest, classifier, routing).filter(stub -> stub != owner)
                .forEach(stub -> assertThat(stub.received()).isEmpty());
    }

    @Test
    void shouldPassTheServiceErrorsThrough() {
        // Given the routing service does not know a case
        String problem = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no case 7\"}";
        routing.answer("/api/cases/7", 404, "application/problem+json", problem);

        // When a client asks for it
        client.get().uri("/api/cases/7").header("X-API-Key", KEY).exchange()

                // Then the service's own problem comes back, not one made by the gateway
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().json(problem);
    }

    @Test
    void shouldNotLetAClientNameItself() {
        // Given a service that answers
        routing.answer("/api/teams", 200, "application/json", "[]");

        // When an authenticated client also sends a client name of its choosing
        client.get().uri("/api/teams")
                .header("X-API-Key", KEY)
                .header("X-Issuedesk-Client", "admin")
                .exchange()
                .expectStatus().isOk();

        // Then the service sees only the name that belongs to the key
        assertThat(routing.received()).singleElement()
                .satisfies(request -> assertThat(request.headers().get("X-Issuedesk-Client"))
                        .containsExactly("test-tool"));
    }

    @Test
    void shouldAnswerAnUnknownApiPathWithA404Problem() {
        // When an authenticated client calls a path that no route serves
        client.get().uri("/api/nothing-here").header("X-API-Key", KEY).exchange()

                // Then the gateway answers 404 as a problem, and no service was called
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Not Found")
                .jsonPath("$.instance").isEqualTo("/api/nothing-here")
                .jsonPath("$.trace").doesNotExist();
        Stream.of(ingest, classifier, routing).forEach(stub -> assertThat(stub.received()).isEmpty());
    }

    @Test
    void shouldReportHealthProbesWithoutKey() {
        // When a probe asks, without any key
        // Then the gateway is alive and ready
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void shouldExposePrometheusMetricsWithoutKey() {
        // When the metrics scraper asks, without any key
        // Then it gets the gateway's metrics, tagged with the application
        client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("application=\"gateway\""));
    }

    private static String nameOf(StubBackend stub) {
        return stub == ingest ? "ingest" : stub == classifier ? "classifier" : "routing";
    }

    @Test
    void shouldGiveEveryRequestAnIdAndLogItsAccess(CapturedOutput output) {
        // Given a service that answers
        routing.answer("/api/teams", 200, "application/json", "[]");

        // When a client calls with its own request id
        client.get().uri("/api/teams").header("X-API-Key", KEY).header("X-Request-Id", "tool-run-17.3")
                .exchange()

                // Then the id comes back, and the service received it
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Request-Id", "tool-run-17.3");
        assertThat(routing.received()).singleElement()
                .satisfies(request -> assertThat(request.header("X-Request-Id")).isEqualTo("tool-run-17.3"));

        // And one access line says who called what, where it went, and how it ended
        Awaitility.await().untilAsserted(() -> assertThat(output.getOut().lines()
                .filter(line -> line.contains("request-id=tool-run-17.3")))
                .singleElement().asString()
                .contains("client=api-key:test-tool", "method=GET", "path=/api/teams", "route=routing-service",
                        "status=200", "ms="));
    }

    @Test
    void shouldReplaceAnUnsafeRequestIdAndGiveOneToARefusedRequest() {
        // When a client sends an id that could break a log line, without a key
        client.get().uri("/api/teams").header("X-Request-Id", "a b\tc").exchange()

                // Then it is refused, under a new id of the gateway's making
                .expectStatus().isUnauthorized()
                .expectHeader().value("X-Request-Id", id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }

    @Test
    void shouldAllowTheConfiguredBrowserOriginOnly() {
        // When a web tool of the configured origin asks before a POST
        client.options().uri("/api/cases/42/claim")
                .header("Origin", "https://tools.example.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .exchange()

                // Then the gateway allows it, without any credential and without calling a service
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://tools.example.org");

        // When a page of another origin asks
        client.options().uri("/api/cases/42/claim")
                .header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "POST")
                .exchange()

                // Then it is refused
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
        Stream.of(ingest, classifier, routing).forEach(stub -> assertThat(stub.received()).isEmpty());
    }
}
