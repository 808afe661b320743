package org.issuedesk.support.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.issuedesk.contracts.identity.InternalToken;
import org.issuedesk.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service answers only callers the gateway vouched for: a real Tomcat with service-support's auto-configuration,
 * called with no token, forged, expired and valid ones (the key is test-support's {@link TestIdentity#KEY}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=127.0.0.1:1")
class IdentityFilterTest {

    @RestController
    static class WhoController {

        private final CurrentIdentity identity;

        WhoController(CurrentIdentity identity) {
            this.identity = identity;
        }

        @GetMapping("/who")
        String who() {
            InternalToken.Identity caller = identity.require();
            return caller.subject() + " " + caller.roles() + " " + caller.teams();
        }

        @PostMapping("/ingest-only")
        String ingestOnly() {
            return identity.requireRole("ingest").subject();
        }

        @RequiresRole("admin")
        @PostMapping("/admin-only")
        String adminOnly(@RequestBody Map<String, String> body) {
            return body.get("name");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WhoController.class)
    static class App {
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldExposeTheVerifiedCallerToControllers() throws Exception {
        HttpResponse<String> response = get("/who", TestIdentity.lead("marie", "passports"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("marie [lead, member] [passports]");
    }

    @Test
    void shouldRefuseARequestWithoutAValidTokenWith401ProblemJson() throws Exception {
        String tokenOfAnotherKey = new InternalToken("another-key-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8),
                InternalToken.DEFAULT_ISSUER, Clock.systemUTC()).mint("eve", "jwt", List.of("admin"), List.of(),
                Duration.ofSeconds(30));
        String expired = new InternalToken(TestIdentity.KEY.getBytes(StandardCharsets.UTF_8), InternalToken.DEFAULT_ISSUER,
                Clock.fixed(Instant.now().minusSeconds(120), ZoneOffset.UTC)).mint("eve", "jwt", List.of("admin"),
                List.of(), Duration.ofSeconds(30));

        for (String token : new String[] {null, "garbage", tokenOfAnotherKey, expired}) {
            HttpResponse<String> response = get("/who", token);
            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"status\":401").contains(InternalToken.HEADER);
        }
    }

    @Test
    void shouldRefuseAPathThatMerelyStartsLikeAnOpenOne() throws Exception {
        assertThat(get("/actuator/health/../../who", null).statusCode()).isIn(400, 401);
        assertThat(get("/actuator/health;x=1", null).statusCode()).isEqualTo(401);
        assertThat(get("/v3/api-docs/%2e%2e/who", null).statusCode()).isIn(400, 401);
    }

    @Test
    void shouldLeaveHealthPrometheusAndTheApiDocumentOpenForProbesScrapersAndTheGateway() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(200);
        HttpResponse<String> apiDocument = get("/v3/api-docs", null);
        assertThat(apiDocument.statusCode()).isEqualTo(200);
        assertThat(apiDocument.body()).contains("\"openapi\"").contains("/who");
    }

    @Test
    void shouldAnswer403NamingTheRoleWhenTheCallerLacksIt() throws Exception {
        HttpResponse<String> refused = post("/ingest-only", TestIdentity.analyst("anna"));
        HttpResponse<String> allowed = post("/ingest-only", TestIdentity.ingest("feeder"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("ingest");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("feeder");
    }

    @Test
    void shouldCheckTheAnnotatedRoleBeforeReadingTheBody() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin-only"))
                .header(InternalToken.HEADER, TestIdentity.member("mo", "passports")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin-only"))
                .header(InternalToken.HEADER, TestIdentity.admin("ada")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("x");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header(InternalToken.HEADER, token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header(InternalToken.HEADER, token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
