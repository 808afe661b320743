package org.issuedesk.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the local profile there is no default credential: with no key configured, the API is closed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class NoApiKeyConfiguredTest {

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
    void shouldRefuseEveryApiRequestEvenWithTheLocalDevelopmentKey() {
        // Given the default profile, no API key configured, and a service that would answer
        routing.answer("/api/teams", 200, "application/json", "[]");

        // When a client uses the local development key
        client.get().uri("/api/teams").header("X-API-Key", "local-dev-key").exchange()

                // Then it is refused, and the service never sees the request
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(routing.received()).isEmpty();
    }

    @Test
    void shouldStillBeReady() {
        // When a probe asks
        // Then a gateway without keys is still up: refusing is its intended behaviour
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
