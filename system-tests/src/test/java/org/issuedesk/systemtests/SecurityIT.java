package org.issuedesk.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.identity.InternalToken;
import org.issuedesk.testsupport.TopicRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/**
 * Issue 6's security suite against the real gateway and the real services (their jars, as they ship; the
 * {@link SharedSystem}): every endpoint × every kind of credential → the expected status, no cross-team read
 * anywhere, and a service reached without the gateway's internal token refuses. Bearer tokens are RS256 JWTs of the
 * shared system's {@link TestIssuer}, so the gateway's real validation path (key download, signature, expiry) runs.
 * Its cases (posts sec-...) are its own.
 */
@SharedSystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    private static final String BENEFITS = "benefits-horizontal";
    private static final String TAX = "tax-horizontal";
    private static final String BENEFITS_TEXT = "Still no news on my EI claim after 6 weeks";
    private static final Duration ROUTED_WITHIN = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Who calls, and how the request proves it. */
    enum Caller { NONE, BAD_KEY, EXPIRED_JWT, INGEST, MEMBER, MEMBER_OTHER_TEAM, LEAD, ANALYST, ADMIN }

    /** What the request may get: refused at the door, refused for the role, hidden, or let through. */
    enum Outcome {
        UNAUTHENTICATED(401), FORBIDDEN(403), NOT_FOUND(404), ALLOWED(0);

        final int status;

        Outcome(int status) {
            this.status = status;
        }
    }

    private String bootstrapServers;
    private IssueDeskProcesses system;
    private TestIssuer issuer;
    private final Map<Caller, String> apiKeys = new LinkedHashMap<>();
    private String benefitsCase;
    private String taxCase;

    @BeforeAll
    void routeOneCaseForEachTeam(SharedSystem shared) throws Exception {
        long started = System.nanoTime();
        bootstrapServers = shared.bootstrapServers();
        system = shared.processes();
        issuer = shared.issuer();
        // API keys for some roles (the shared gateway's), JWTs (below) for the others: both ways in run
        apiKeys.put(Caller.INGEST, system.apiKey(SharedSystem.INGEST));
        apiKeys.put(Caller.MEMBER_OTHER_TEAM, system.apiKey(SharedSystem.TAX_MEMBER));
        apiKeys.put(Caller.ANALYST, system.apiKey(SharedSystem.ANALYST));
        apiKeys.put(Caller.ADMIN, system.apiKey());

        // one case in the benefits team and one in the tax team, posted through the gateway
        benefitsCase = routedCase(BENEFITS, "sec-ei-1", BENEFITS_TEXT);
        taxCase = routedCase(TAX, "sec-tax-1", "CRA My Account locked me out after I changed phones. I just want to see my NOA and my tax refund");
        System.out.printf("SecurityIT: two cases routed in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    @Test
    void shouldAnswerEveryEndpointAndCredentialAsTheMatrixSaysWithNoCrossTeamRead() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Endpoint endpoint : endpoints()) {
            for (Caller caller : Caller.values()) {
                Outcome expected = endpoint.expected().get(caller);
                HttpResponse<String> response = send(system.gateway(), endpoint.method(), endpoint.path(), endpoint.body(caller),
                        credentials(caller));
                checked++;
                if (!matches(expected, response.statusCode())) {
                    mismatches.add(endpoint.method() + " " + endpoint.path() + " as " + caller + ": expected " + expected
                            + ", got " + response.statusCode() + " " + abbreviate(response.body()));
                }
                if (response.statusCode() >= 400) {
                    assertThat(response.headers().firstValue("Content-Type")).as(endpoint + " " + caller)
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                }
                if (caller == Caller.MEMBER_OTHER_TEAM || caller == Caller.INGEST) {
                    // whatever the answer, it never shows the benefits team's case (a 404 may echo the id asked for)
                    assertThat(response.body()).as(endpoint + " " + caller).doesNotContain("sec-ei-1")
                            .doesNotContain(BENEFITS_TEXT);
                }
            }
        }
        System.out.printf("SECURITY matrix: %d endpoint x credential checks, %d mismatches%n", checked, mismatches.size());
        assertThat(mismatches).as(system.logTails(40)).isEmpty();
    }

    @Test
    void shouldShowAMemberOnlyTheirOwnTeamsCases() throws Exception {
        String taxMember = apiKeys.get(Caller.MEMBER_OTHER_TEAM);

        HttpResponse<String> ownQueue = send(system.gateway(), "GET", "/api/teams/" + TAX + "/cases?size=100", null,
                Map.of("X-API-Key", taxMember));
        HttpResponse<String> ownCase = send(system.gateway(), "GET", "/api/cases/" + taxCase, null,
                Map.of("X-API-Key", taxMember));

        assertThat(ownQueue.statusCode()).as(ownQueue.body()).isEqualTo(200);
        JsonNode items = EventJson.mapper().readTree(ownQueue.body()).get("items");
        assertThat(items.size()).isPositive();
        items.forEach(item -> assertThat(item.get("teamId").asString()).isEqualTo(TAX));
        assertThat(ownQueue.body()).contains(taxCase).doesNotContain(benefitsCase);
        assertThat(ownCase.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAServiceCalledDirectlyWithoutTheGatewaysToken() throws Exception {
        String forged = new InternalToken("a-key-that-is-not-the-gateways-32-bytes".getBytes(StandardCharsets.UTF_8),
                InternalToken.DEFAULT_ISSUER, Clock.systemUTC())
                .mint("eve", "api-key", List.of("admin"), List.of(), Duration.ofSeconds(30));
        Map<String, List<String[]>> apis = Map.of(
                "ingest-service", List.<String[]>of(new String[] {"POST", "/api/posts"}),
                "classifier-service", List.of(new String[] {"POST", "/api/classify"}, new String[] {"GET", "/api/policy-files"}),
                "routing-service", List.of(new String[] {"GET", "/api/teams"}, new String[] {"GET", "/api/cases/" + benefitsCase},
                        new String[] {"GET", "/api/teams/" + BENEFITS + "/cases"}));
        for (var service : apis.entrySet()) {
            URI base = system.service(service.getKey()).baseUri();
            for (String[] api : service.getValue()) {
                String body = "POST".equals(api[0]) ? "{}" : null;
                // the client's own credentials mean nothing to a service: only the gateway's token does
                for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-API-Key", system.apiKey()),
                        Map.of(InternalToken.HEADER, forged), Map.of("X-Issuedesk-Client", "admin"))) {
                    HttpResponse<String> response = send(base, api[0], api[1], body, headers);
                    assertThat(response.statusCode()).as(service.getKey() + " " + api[1] + " " + headers.keySet())
                            .isEqualTo(401);
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("application/problem+json"));
                    assertThat(response.body()).doesNotContain(BENEFITS_TEXT);
                }
            }
            // while probes still see it
            assertThat(send(base, "GET", "/actuator/health/readiness", null, Map.of()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldCarryTheRequestIdAndTraceparentFromTheGatewayIntoThePostsRawRecord() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String post = postJson("sec-corr-1", "Still no news on my EI claim, week 7");

        HttpResponse<String> accepted = send(system.gateway(), "POST", "/api/posts", post, Map.of(
                "X-API-Key", apiKeys.get(Caller.INGEST),
                "X-Request-Id", "sec-request-1",
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("X-Request-Id")).hasValue("sec-request-1");
        ConsumerRecord<String, byte[]> record = await().atMost(ROUTED_WITHIN).until(
                () -> TopicRecords.committed(bootstrapServers, Topics.POSTS_RAW.name()).stream()
                        .filter(r -> "mastodon:sec-corr-1".equals(r.key())).toList(), found -> !found.isEmpty()).get(0);
        assertThat(header(record, "traceparent")).startsWith("00-" + traceId + "-");
        assertThat(header(record, "x-request-id")).isEqualTo("sec-request-1");
    }

    @Test
    void shouldServeEachServicesOwnApiDocumentWithTheSecuritySchemesThroughTheGateway() throws Exception {
        Map<String, String> pathByService = Map.of("ingest-service", "/api/posts", "classifier-service", "/api/classify",
                "routing-service", "/api/cases/{id}");
        for (var service : pathByService.entrySet()) {
            // the service's real paths (springdoc), not the placeholder, and the gateway's ways in; eventually, as a
            // crowded machine may make a service miss the gateway's 3 s for its first document
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                HttpResponse<String> document = send(system.gateway(), "GET", "/api-docs/" + service.getKey(), null,
                        Map.of());
                assertThat(document.statusCode()).as(service.getKey()).isEqualTo(200);
                JsonNode json = EventJson.mapper().readTree(document.body());
                assertThat(json.path("paths").has(service.getValue())).as(service.getKey() + " " + document.body()).isTrue();
                assertThat(json.path("components").path("securitySchemes").size()).as(service.getKey()).isPositive();
            });
        }
    }

    // --- the matrix -------------------------------------------------------------------------------------------

    record Endpoint(String method, String path, String body, Map<Caller, Outcome> expected) {

        /** Posts need a new id per caller, or the second accepted one is a duplicate. */
        String body(Caller caller) {
            return body == null ? null : body.replace("{caller}", caller.name().toLowerCase().replace('_', '-'));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Endpoint> endpoints() {
        Outcome u = Outcome.UNAUTHENTICATED;
        Outcome f = Outcome.FORBIDDEN;
        Outcome n = Outcome.NOT_FOUND;
        Outcome a = Outcome.ALLOWED;
        // columns: INGEST, MEMBER (benefits), MEMBER_OTHER_TEAM (tax), LEAD (benefits), ANALYST, ADMIN
        return List.of(
                endpoint("POST", "/api/posts", postJson("sec-{caller}", "Still waiting on my EI claim"), a, f, f, f, f, a),
                endpoint("POST", "/api/classify", "{\"posts\":[{\"id\":\"c1\",\"text\":\"my passport renewal\"}]}",
                        a, a, a, a, a, a),
                endpoint("GET", "/api/policy-files", null, a, a, a, a, a, a),
                // an admin gets through to the service, which refuses the deliberately incomplete body
                endpoint("PUT", "/api/policy-files/passports", "{}", f, f, f, f, f, a),
                endpoint("DELETE", "/api/policy-files/no-such-file", null, f, f, f, f, f, a),
                endpoint("GET", "/api/teams", null, a, a, a, a, a, a),
                endpoint("PUT", "/api/teams/" + BENEFITS, "{\"id\":\"not-this-team\"}", f, f, f, f, f, a),
                endpoint("DELETE", "/api/teams/no-such-team", null, f, f, f, f, f, a),
                endpoint("GET", "/api/teams/" + BENEFITS + "/cases", null, f, a, f, a, a, a),
                endpoint("GET", "/api/cases/" + benefitsCase, null, f, a, n, a, a, a),
                endpoint("POST", "/api/cases/" + benefitsCase + "/notes", "{\"text\":\"seen by {caller}\"}", f, a, n, a, f, a),
                // the member claims first; the lead and the admin then get the service's 409, past the access checks
                endpoint("POST", "/api/cases/" + benefitsCase + "/claim", null, f, a, n, a, f, a),
                endpoint("POST", "/api/cases/" + taxCase + "/notes", "{\"text\":\"seen by {caller}\"}", f, n, a, n, f, a));
    }

    private static Endpoint endpoint(String method, String path, String body, Outcome ingest, Outcome member,
            Outcome otherTeam, Outcome lead, Outcome analyst, Outcome admin) {
        Map<Caller, Outcome> expected = new LinkedHashMap<>();
        expected.put(Caller.NONE, Outcome.UNAUTHENTICATED);
        expected.put(Caller.BAD_KEY, Outcome.UNAUTHENTICATED);
        expected.put(Caller.EXPIRED_JWT, Outcome.UNAUTHENTICATED);
        expected.put(Caller.INGEST, ingest);
        expected.put(Caller.MEMBER, member);
        expected.put(Caller.MEMBER_OTHER_TEAM, otherTeam);
        expected.put(Caller.LEAD, lead);
        expected.put(Caller.ANALYST, analyst);
        expected.put(Caller.ADMIN, admin);
        return new Endpoint(method, path, body, expected);
    }

    private static boolean matches(Outcome expected, int status) {
        if (expected == Outcome.ALLOWED) {
            // through the door and past the role check: a success, or the service's own verdict on the body or state
            return status < 500 && status != 401 && status != 403;
        }
        return status == expected.status;
    }

    private Map<String, String> credentials(Caller caller) throws GeneralSecurityException {
        Instant now = Instant.now();
        return switch (caller) {
            case NONE -> Map.of();
            case BAD_KEY -> Map.of("X-API-Key", "not-a-key-the-gateway-knows-" + UUID.randomUUID());
            case EXPIRED_JWT -> bearer(issuer.jwt("ada", List.of("admin"), List.of(), now.minus(Duration.ofMinutes(10)),
                    now.minus(Duration.ofMinutes(5))));
            case MEMBER -> bearer(issuer.jwt("bea", List.of("member"), List.of(BENEFITS), now, now.plus(Duration.ofMinutes(5))));
            case LEAD -> bearer(issuer.jwt("lea", List.of("member", "lead"), List.of(BENEFITS), now, now.plus(Duration.ofMinutes(5))));
            default -> Map.of("X-API-Key", apiKeys.get(caller));
        };
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Posts through the gateway and waits until routing lists the case in the team's queue; its case id. */
    private String routedCase(String team, String postId, String text) throws Exception {
        HttpResponse<String> accepted = send(system.gateway(), "POST", "/api/posts", postJson(postId, text),
                Map.of("X-API-Key", system.apiKey()));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return await().atMost(ROUTED_WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            HttpResponse<String> queue = send(system.gateway(), "GET", "/api/teams/" + team + "/cases?size=100", null,
                    Map.of("X-API-Key", system.apiKey()));
            for (JsonNode item : EventJson.mapper().readTree(queue.body()).get("items")) {
                if (("mastodon:" + postId).equals(item.get("postId").asString())) {
                    return item.get("id").asString();
                }
            }
            return null;
        }, id -> id != null);
    }

    private static String postJson(String id, String text) {
        return "{\"id\":\"" + id + "\",\"platform\":\"mastodon\",\"author\":\"@someone\",\"text\":\"" + text
                + "\",\"createdAt\":\"2026-11-20T14:03:00Z\",\"lang\":\"en\"}";
    }

    private static HttpResponse<String> send(URI base, String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as("record header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
