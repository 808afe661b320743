package org.issuedesk.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The local run mode accepts the documented development key, "local-dev-key" (and only that one). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("local")
class LocalProfileApiKeyTest {

    private static final StubBackend routing = StubBackend.start();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.routing", routing::baseUrl);
    }

    @Autowired
    private WebTestClient client;

    @AfterAll
    static void stopStubs() {
        routing.close();
    }

    @Test
    void shouldAcceptTheDocumentedDevelopmentKey() {
        // Given the local profile and a routing service that answers
        routing.answer("/api/teams", 200, "application/json", "[]");

        // When a client uses the key the README documents
        client.get().uri("/api/teams").header("X-API-Key", "local-dev-key").exchange()

                // Then it gets through, as client "local-dev"
                .expectStatus().isOk()
                .expectBody().json("[]");
        assertThat(routing.receivedAt("/api/teams")).singleElement()
                .satisfies(request -> assertThat(request.header("X-Issuedesk-Client")).isEqualTo("local-dev"));
    }

    @Test
    void shouldStillRefuseOtherKeys() {
        // When a client uses any other key
        client.get().uri("/api/teams").header("X-API-Key", "local-dev-key2").exchange()

                // Then it is refused
                .expectStatus().isUnauthorized();
    }
}
