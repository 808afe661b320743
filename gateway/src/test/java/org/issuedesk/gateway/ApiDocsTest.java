package org.issuedesk.gateway;

import java.util.stream.Stream;

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

/** /api-docs: the services' OpenAPI documents in one place, tolerant of a service that has none yet. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ApiDocsTest {

    private static final StubBackend ingest = StubBackend.start();
    // the classifier answers, but publishes no document (404); routing is down
    private static final StubBackend classifier = StubBackend.start();
    private static final String routingDown = StubBackend.unreachableBaseUrl();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.ingest", ingest::baseUrl);
        registry.add("issuedesk.gateway.services.classifier", classifier::baseUrl);
        registry.add("issuedesk.gateway.services.routing", () -> routingDown);
    }

    @Autowired
    private WebTestClient client;

    @AfterAll
    static void stopStubs() {
        Stream.of(ingest, classifier).forEach(StubBackend::close);
    }

    @Test
    void shouldListTheDocumentsOfEveryService() {
        client.get().uri("/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.documents[*].name").isEqualTo(java.util.List.of("ingest-service", "classifier-service",
                        "routing-service"))
                .jsonPath("$.documents[0].url").isEqualTo("/api-docs/ingest-service")
                .jsonPath("$.ui").isEqualTo("/api-docs/ui");
    }

    @Test
    void shouldServeAServiceDocumentWithTheGatewaySecuritySchemesAndNoKey() {
        // Given the ingest service publishes its document
        ingest.answer("/v3/api-docs", 200, "application/json", """
                {"openapi":"3.1.0","info":{"title":"ingest-service","version":"1"},
                 "servers":[{"url":"http://ingest-service:8080"}],
                 "paths":{"/api/posts":{"post":{"responses":{"202":{"description":"accepted"}}}}}}""");

        // When anyone asks for it (documents are not behind the door)
        client.get().uri("/api-docs/ingest-service").exchange()

                // Then it is the service's, reached through the gateway, with the gateway's ways in
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.info.title").isEqualTo("ingest-service")
                .jsonPath("$.paths['/api/posts'].post.responses['202'].description").isEqualTo("accepted")
                .jsonPath("$.servers[0].url").isEqualTo("/")
                .jsonPath("$.components.securitySchemes.apiKey.name").isEqualTo("X-API-Key")
                .jsonPath("$.components.securitySchemes.apiKey.in").isEqualTo("header")
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer")
                .jsonPath("$.security[0].apiKey").isArray();
    }

    @Test
    void shouldServeAPlaceholderForAServiceWithoutDocumentOrDown() {
        for (String service : java.util.List.of("classifier-service", "routing-service")) {
            client.get().uri("/api-docs/" + service).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.openapi").isEqualTo("3.1.0")
                    .jsonPath("$.info.title").isEqualTo(service + " (no API document)")
                    .jsonPath("$.paths").isEmpty();
        }
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownService() {
        client.get().uri("/api-docs/nothing").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void shouldServeASwaggerUiOverAllDocuments() {
        String page = client.get().uri("/api-docs/ui").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("{name:'routing-service',url:'/api-docs/routing-service'}");

        // and the files it loads are there
        String bundle = page.replaceAll("(?s).*<script src=\"([^\"]+swagger-ui-bundle\\.js)\".*", "$1");
        client.get().uri(bundle).exchange().expectStatus().isOk();
    }
}
