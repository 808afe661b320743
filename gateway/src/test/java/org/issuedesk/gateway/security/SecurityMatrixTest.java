package org.issuedesk.gateway.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.issuedesk.contracts.identity.InternalToken;
import org.issuedesk.gateway.StubBackend;
import org.issuedesk.gateway.TestIssuer;
import org.issuedesk.gateway.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoint × credential → status, through the real gateway: API keys as configured, and JWTs from a test OpenID
 * Connect issuer (discovery + JWKS on a local port, Keycloak-shaped claims) validated the real way. Every request the
 * gateway lets through must reach the service with a valid internal token naming the caller; every refused one must
 * not reach it at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SecurityMatrixTest {

    static final String INTERNAL_KEY = "security-matrix-internal-key-0123456789";
    static final String TEAM = "benefits-horizontal";
    static final String OTHER_TEAM = "passports";

    private static final StubBackend ingest = StubBackend.start();
    private static final StubBackend classifier = StubBackend.start();
    private static final StubBackend routing = StubBackend.start();
    private static final TestIssuer sso = TestIssuer.start();

    /** A way of presenting oneself, and who the services should then see. */
    record Credential(String name, Consumer<HttpHeaders> headers, String subject) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Credential NONE = new Credential("none", headers -> { }, null);
    private static final Credential BAD_KEY = apiKey("bad API key", "not-a-key", null);
    private static final Credential FORGED_JWT = bearer("forged JWT", sso.forgedToken("mallory", List.of("admin")), null);
    private static final Credential EXPIRED_JWT = bearer("expired JWT", sso.expiredToken("alice", List.of("admin")), null);
    private static final Credential FOREIGN_JWT = bearer("JWT of another issuer",
            sso.foreignIssuerToken("mallory", List.of("admin")), null);
    private static final Credential INGEST = apiKey("ingest key", "ingest-key", "ingest-bot");
    private static final Credential MEMBER = bearer("member of " + TEAM,
            sso.token("marie", List.of("member"), List.of(TEAM)), "marie");
    private static final Credential LEAD = bearer("lead of " + TEAM,
            sso.token("louis", List.of("lead", "offline_access"), List.of(TEAM)), "louis");
    private static final Credential ANALYST = bearer("analyst", sso.token("anna", List.of("analyst"), List.of()), "anna");
    private static final Credential ADMIN_JWT = bearer("admin JWT", sso.token("ada", List.of("admin"), List.of()), "ada");
    private static final Credential ADMIN_KEY = apiKey("admin key", "admin-key", "ops-admin");
    private static final Credential OTHER_MEMBER = bearer("member of " + OTHER_TEAM,
            sso.token("omar", List.of("member"), List.of(OTHER_TEAM)), "omar");
    private static final Credential NO_ROLE = bearer("JWT without a known role",
            sso.token("nobody", List.of("offline_access"), List.of(TEAM)), "nobody");

    private static final List<Credential> COLUMNS = List.of(NONE, BAD_KEY, FORGED_JWT, EXPIRED_JWT, FOREIGN_JWT,
            INGEST, MEMBER, LEAD, ANALYST, ADMIN_JWT, ADMIN_KEY, OTHER_MEMBER, NO_ROLE);

    /**
     * The matrix. Columns: none, bad key, forged, expired, foreign issuer | ingest, member, lead, analyst, admin JWT,
     * admin key, member of another team, no role. Cases by id: the gateway lets members through, the routing service
     * must check the case's team (documented).
     */
    private static final Map<String, String> MATRIX = new LinkedHashMap<>();

    static {
        MATRIX.put("POST /api/posts", "401 401 401 401 401 | 200 403 403 403 200 200 403 403");
        MATRIX.put("POST /api/posts/batch", "401 401 401 401 401 | 200 403 403 403 200 200 403 403");
        MATRIX.put("POST /api/classify", "401 401 401 401 401 | 200 200 200 200 200 200 200 403");
        MATRIX.put("GET /api/policy-files", "401 401 401 401 401 | 200 200 200 200 200 200 200 403");
        MATRIX.put("PUT /api/policy-files/passports", "401 401 401 401 401 | 403 403 403 403 200 200 403 403");
        MATRIX.put("DELETE /api/policy-files/passports", "401 401 401 401 401 | 403 403 403 403 200 200 403 403");
        MATRIX.put("GET /api/teams", "401 401 401 401 401 | 200 200 200 200 200 200 200 403");
        MATRIX.put("PUT /api/teams/" + TEAM, "401 401 401 401 401 | 403 403 403 403 200 200 403 403");
        MATRIX.put("DELETE /api/teams/" + TEAM, "401 401 401 401 401 | 403 403 403 403 200 200 403 403");
        MATRIX.put("GET /api/teams/" + TEAM + "/cases", "401 401 401 401 401 | 403 200 200 200 200 200 403 403");
        MATRIX.put("GET /api/teams/" + OTHER_TEAM + "/cases", "401 401 401 401 401 | 403 403 403 200 200 200 200 403");
        MATRIX.put("GET /api/cases/42", "401 401 401 401 401 | 403 200 200 200 200 200 200 403");
        MATRIX.put("POST /api/cases/42/claim", "401 401 401 401 401 | 403 200 200 403 200 200 200 403");
        MATRIX.put("POST /api/cases/42/resolve", "401 401 401 401 401 | 403 200 200 403 200 200 200 403");
        MATRIX.put("GET /api/alerts", "401 401 401 401 401 | 403 200 200 200 200 200 200 403");
        MATRIX.put("GET /api/alerts/passports@2026-11-26T03:10:00Z/cases", "401 401 401 401 401 | 403 200 200 200 200 200 200 403");
        MATRIX.put("POST /api/alerts", "401 401 401 401 401 | 403 403 403 403 200 200 403 403");
        MATRIX.put("GET /api/unrouted", "401 401 401 401 401 | 403 403 403 403 404 404 403 403");
    }

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.ingest", ingest::baseUrl);
        registry.add("issuedesk.gateway.services.classifier", classifier::baseUrl);
        registry.add("issuedesk.gateway.services.routing", routing::baseUrl);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", sso::issuer);
        registry.add("issuedesk.gateway.jwt.roles-claim", () -> "realm_access.roles");
        registry.add("issuedesk.gateway.jwt.teams-claim", () -> "groups");
        registry.add("issuedesk.gateway.internal-token.key", () -> INTERNAL_KEY);
        registry.add("issuedesk.gateway.rate-limit.burst", () -> "1000");
        registry.add("issuedesk.gateway.api-keys[0].name", () -> "ingest-bot");
        registry.add("issuedesk.gateway.api-keys[0].sha256", () -> TestKeys.sha256Hex("ingest-key"));
        registry.add("issuedesk.gateway.api-keys[0].roles", () -> "ingest");
        registry.add("issuedesk.gateway.api-keys[1].name", () -> "ops-admin");
        registry.add("issuedesk.gateway.api-keys[1].sha256", () -> TestKeys.sha256Hex("admin-key"));
        registry.add("issuedesk.gateway.api-keys[1].roles", () -> "admin");
    }

    @Autowired
    private WebTestClient client;

    @LocalServerPort
    private int port;

    @BeforeEach
    void everyServiceAnswers() {
        for (StubBackend stub : List.of(ingest, classifier, routing)) {
            stub.forgetRequests();
            MATRIX.keySet().forEach(endpoint ->
                    stub.answer(endpoint.split(" ")[1], 200, "application/json", "{\"ok\":true}"));
        }
    }

    @AfterAll
    static void stopStubs() {
        Stream.of(ingest, classifier, routing).forEach(StubBackend::close);
        sso.close();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        MATRIX.forEach((endpoint, row) -> {
            String[] statuses = row.replace("| ", "").split(" ");
            assertThat(statuses).as("row %s", endpoint).hasSize(COLUMNS.size());
            for (int i = 0; i < statuses.length; i++) {
                cells.add(Arguments.of(endpoint, COLUMNS.get(i), Integer.parseInt(statuses[i])));
            }
        });
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void shouldAnswerEachCredentialAsTheMatrixSays(String endpoint, Credential credential, int expected) {
        // Given every service would answer 200
        String[] parts = endpoint.split(" ");
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        String path = parts[1];

        // When the caller presents this credential
        WebTestClient.RequestBodySpec request = client.method(method).uri(path).headers(credential.headers());
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}");
        }
        WebTestClient.ResponseSpec response = request.exchange();

        // Then the gateway answers as the matrix says
        response.expectStatus().isEqualTo(expected);
        List<StubBackend.Received> reached = Stream.of(ingest, classifier, routing)
                .flatMap(stub -> stub.receivedAt(path).stream()).toList();
        if (expected == 401 || expected == 403) {
            // a refusal is a problem, and nothing reached a service
            response.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(expected);
            assertThat(reached).isEmpty();
        }
        if (expected == 200) {
            // the service got the caller's verified identity, and none of its credentials
            assertThat(reached).singleElement().satisfies(received -> {
                assertThat(received.header("Authorization")).isNull();
                assertThat(received.header("X-API-Key")).isNull();
                InternalToken.Identity identity = InternalToken.of(INTERNAL_KEY,
                        "issuedesk-gateway").verify(received.header(InternalToken.HEADER)).orElseThrow();
                assertThat(identity.subject()).isEqualTo(credential.subject());
                assertThat(received.header("X-Issuedesk-Client")).isEqualTo(credential.subject());
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/teams/" + TEAM + "/cases/../../" + OTHER_TEAM + "/cases",
            "/api/teams/" + TEAM + "/cases/%2e%2e/%2e%2e/" + OTHER_TEAM + "/cases",
            "/api/teams/" + TEAM + "/cases/..%2f..%2f" + OTHER_TEAM + "/cases",
            "/api/teams/" + TEAM + "/cases/..;/..;/" + OTHER_TEAM + "/cases",
            "/api//teams/" + OTHER_TEAM + "/cases",
            "/api/teams/" + OTHER_TEAM + "%2Fcases"})
    void shouldRefuseAPathThatAServiceCouldResolveToAnotherTeamsCases(String path) {
        // When a member of one team sends a path the service might normalise to another team's cases
        client.get().uri(URI.create("http://127.0.0.1:" + port + path)).headers(MEMBER.headers()).exchange()

                // Then the gateway refuses it outright, as problem+json, and no service sees it
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400);
        assertThat(routing.received()).isEmpty();
    }

    @Test
    void shouldForwardTheRolesAndTeamsOfAKeycloakShapedToken() {
        // When the lead of a team reads its cases
        client.get().uri("/api/teams/" + TEAM + "/cases").headers(LEAD.headers()).exchange().expectStatus().isOk();

        // Then the service learns its known roles and its teams (group path without the '/')
        String token = routing.receivedAt("/api/teams/" + TEAM + "/cases").get(0).header(InternalToken.HEADER);
        InternalToken.Identity identity =
                InternalToken.of(INTERNAL_KEY, "issuedesk-gateway").verify(token).orElseThrow();
        assertThat(identity.roles()).containsExactly("lead");
        assertThat(identity.teams()).containsExactly(TEAM);
        assertThat(identity.method()).isEqualTo("jwt");
        assertThat(identity.worksIn(TEAM)).isTrue();
        assertThat(identity.worksIn(OTHER_TEAM)).isFalse();
    }

    @Test
    void shouldReplaceAnIdentityTheClientSentItself() {
        // Given a member who sends an identity header and a client name of its own making
        String forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbImFkbWluIl19.";

        // When it reads its team's cases
        client.get().uri("/api/teams/" + TEAM + "/cases").headers(MEMBER.headers())
                .header(InternalToken.HEADER, forged)
                .header("X-Issuedesk-Client", "ops-admin")
                .exchange().expectStatus().isOk();

        // Then the service sees only the gateway's token and name
        StubBackend.Received received = routing.receivedAt("/api/teams/" + TEAM + "/cases").get(0);
        assertThat(received.headers().get(InternalToken.HEADER)).singleElement().isNotEqualTo(forged);
        assertThat(received.headers().get("X-Issuedesk-Client")).containsExactly("marie");
    }

    @Test
    void shouldTellWhyABearerTokenIsRefusedOnlyInGeneralTerms() {
        client.get().uri("/api/teams").headers(EXPIRED_JWT.headers()).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .expectBody()
                .jsonPath("$.detail").isEqualTo(
                        "The bearer token is not valid (malformed, expired, or not from a trusted issuer).")
                .jsonPath("$.instance").isEqualTo("/api/teams");
    }

    @Test
    void shouldSayWhichCredentialsAreAcceptedWhenThereIsNone() {
        client.get().uri("/api/teams").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer, ApiKey");
    }

    private static Credential apiKey(String name, String key, String subject) {
        return new Credential(name, headers -> headers.set("X-API-Key", key), subject);
    }

    private static Credential bearer(String name, String token, String subject) {
        return new Credential(name, headers -> headers.setBearerAuth(token), subject);
    }
}
