package org.issuedesk.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.issuedesk.gateway.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files are served without credentials at / and /console/**, nothing else becomes a file path, and
 * {@code GET /api/me} tells a signed-in caller who the gateway takes it to be. No service is needed: the gateway
 * answers all of these itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ConsoleTest {

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.api-keys[0].name", () -> "martine.l");
        registry.add("issuedesk.gateway.api-keys[0].sha256", () -> TestKeys.sha256Hex("member-key"));
        registry.add("issuedesk.gateway.api-keys[0].roles", () -> "member,lead");
        registry.add("issuedesk.gateway.api-keys[0].teams", () -> "tax-horizontal,benefits-horizontal");
        registry.add("issuedesk.gateway.api-keys[1].name", () -> "ops");
        registry.add("issuedesk.gateway.api-keys[1].sha256", () -> TestKeys.sha256Hex("admin-key"));
        registry.add("issuedesk.gateway.api-keys[1].roles", () -> "admin");
    }

    @Autowired
    private WebTestClient client;

    @LocalServerPort
    private int port;

    /*
     * Reactor Netty could stop reading a keep-alive connection when the next request came before the previous
     * exchange had terminated (edge.ConnectionPerRequest): such a request then waited until the client gave up. Here
     * one client sends each request as soon as the previous answer arrived (on the same connection when the server
     * keeps it), mixing answers made asynchronously (files), synchronously (/api/me) and by the security chain (401).
     */
    @Test
    void shouldAnswerEveryRequestSentAsSoonAsThePreviousAnswerArrived() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            for (String path : List.of("/", "/api/me", "/console/i18n.js", "/api/me?anonymous")) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10));
                if (path.equals("/api/me")) {
                    request.header("X-API-Key", "member-key");
                }
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                answers.add(path + " " + answer.statusCode());
            }
        }
        assertThat(answers).hasSize(400).allSatisfy(answer -> assertThat(answer).isIn(
                "/ 200", "/api/me 200", "/console/i18n.js 200", "/api/me?anonymous 401"));
    }

    @Test
    void shouldServeThePageAndItsModulesWithoutCredentials() {
        client.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueMatches("Content-Security-Policy", ".*default-src 'self'.*")
                .expectBody(String.class).value(html -> assertThat(html)
                        .contains("<html lang=\"en\">", "/console/app.js", "<label for=\"api-key\""));
        client.get().uri("/console/app.js").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "javascript"))
                .expectBody(String.class).value(js -> assertThat(js).contains("import", "/api/me"));
        client.get().uri("/console/console.css").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "css"));
    }

    @Test
    void shouldOfferOnlyApiKeysWithoutSingleSignOn() {
        // the console shows no "Sign in with your organisation" (SsoLoginTest: with it)
        client.get().uri("/console/config").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"sso\":null}", true);
        client.get().uri("/oauth2/authorization/sso").exchange().expectStatus().isNotFound();
    }

    @Test
    void shouldKeepUnknownPathsNotFoundAndTheApiBehindTheDoor() {
        client.get().uri("/console/missing.js").exchange().expectStatus().isNotFound();
        client.get().uri("/index.php").exchange().expectStatus().isNotFound();
        client.get().uri("/api/me").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/me").header("X-API-Key", "not-a-key").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void shouldTellAMemberWhoItIsAndWhichTeamsItWorksIn() {
        client.get().uri("/api/me").header("X-API-Key", "member-key").exchange()
                .expectStatus().isOk()
                .expectBody().json("""
                        {"name":"martine.l","method":"api-key","roles":["lead","member"],
                         "teams":["benefits-horizontal","tax-horizontal"],"allTeams":false}""", true);
    }

    @Test
    void shouldTellAnAdminThatItReachesEveryTeam() {
        client.get().uri("/api/me").header("X-API-Key", "admin-key").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("ops")
                .jsonPath("$.teams").isEmpty()
                .jsonPath("$.allTeams").isEqualTo(true);
    }

    @Test
    void shouldHaveEveryStringInBothLanguages() throws IOException {
        String i18n = resource("console/i18n.js");
        Set<String> english = keysOf(i18n, "en");
        Set<String> french = keysOf(i18n, "fr");
        assertThat(english).hasSizeGreaterThan(50);
        assertThat(french).isEqualTo(english);

        // every key the page and the script use is defined
        Set<String> used = new LinkedHashSet<>();
        collect(Pattern.compile("data-i18n(?:-label|-title)?=\"([\\w.-]+)\""), resource("console/index.html"), used);
        collect(Pattern.compile("\\bt\\('([\\w.-]+)'"), resource("console/app.js"), used);
        collect(Pattern.compile("\\bt\\('([\\w.-]+)'"), resource("console/api.js"), used);
        assertThat(english).containsAll(used);
    }

    private static Set<String> keysOf(String i18n, String language) {
        int start = i18n.indexOf("\n  " + language + ": {");
        int end = i18n.indexOf("\n  },", start);
        assertThat(start).as("block of %s", language).isPositive();
        Set<String> keys = new LinkedHashSet<>();
        collect(Pattern.compile("'([\\w.-]+)':"), i18n.substring(start, end), keys);
        return keys;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ConsoleTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
