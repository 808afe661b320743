package org.issuedesk.gateway;

import org.issuedesk.contracts.identity.InternalToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
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

    private static final StubBackend ingest = StubBackend.start();
    private static final StubBackend routing = StubBackend.start();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.ingest", ingest::baseUrl);
        registry.add("issuedesk.gateway.services.routing", routing::baseUrl);
    }

    @Autowired
    private WebTestClient client;

    @AfterAll
    static void stopStubs() {
        ingest.close();
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
    void shouldLetTheDevelopmentKeyPostAndReadATeamsCasesAsAdmin() {
        // Given services that answer
        ingest.answer("/api/posts", 202, "application/json", "{}");
        routing.answer("/api/teams/benefits-horizontal/cases", 200, "application/json", "[]");

        // When the documented key posts and reads a team's queue (what the README walk-through does)
        client.post().uri("/api/posts").header("X-API-Key", "local-dev-key")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isAccepted();
        client.get().uri("/api/teams/benefits-horizontal/cases").header("X-API-Key", "local-dev-key").exchange()
                .expectStatus().isOk();

        // Then the services receive an admin identity signed with the documented development key
        String token = routing.receivedAt("/api/teams/benefits-horizontal/cases").get(0)
                .header(InternalToken.HEADER);
        assertThat(InternalToken.of("local-dev-internal-key-not-a-secret-000", "issuedesk-gateway")
                .verify(token)).hasValueSatisfying(identity -> {
                    assertThat(identity.subject()).isEqualTo("local-dev");
                    assertThat(identity.roles()).containsExactly("admin");
                });
    }

    @Test
    void shouldStillRefuseOtherKeys() {
        // When a client uses any other key
        client.get().uri("/api/teams").header("X-API-Key", "local-dev-key2").exchange()

                // Then it is refused
                .expectStatus().isUnauthorized();
    }
}
