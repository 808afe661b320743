package org.issuedesk.gateway.security;

import org.issuedesk.gateway.StubBackend;
import org.issuedesk.gateway.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Single sign-on configured, its provider unreachable: the gateway still starts and serves API keys (the provider's
 * configuration is read at the first sign-in, not at startup), and a sign-in goes back to the console, which says
 * it failed, instead of a server error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SsoProviderDownTest {

    private static final StubBackend routing = StubBackend.start();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.routing", routing::baseUrl);
        registry.add("issuedesk.gateway.sso.issuer-uri", StubBackend::unreachableBaseUrl);
        registry.add("issuedesk.gateway.sso.client-id", () -> "issuedesk-console");
        registry.add("issuedesk.gateway.api-keys[0].name", () -> "ops");
        registry.add("issuedesk.gateway.api-keys[0].sha256", () -> TestKeys.sha256Hex("admin-key"));
        registry.add("issuedesk.gateway.api-keys[0].roles", () -> "admin");
    }

    @Autowired
    private WebTestClient client;

    @AfterAll
    static void stop() {
        routing.close();
    }

    @Test
    void shouldServeApiKeysAndSendASignInBackToTheConsole() {
        routing.answer("/api/teams", 200, "application/json", "[]");
        client.get().uri("/api/teams").header("X-API-Key", "admin-key").exchange().expectStatus().isOk();

        client.get().uri("/oauth2/authorization/sso").exchange()
                .expectStatus().isFound()
                .expectHeader().location("/?signin=failed");
    }
}
