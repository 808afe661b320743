package org.issuedesk.ingest.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.issuedesk.ingest.IngestApplication;
import org.issuedesk.ingest.intake.PostsRawRecords;
import org.issuedesk.testsupport.TestDatabase;
import org.issuedesk.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The same post sent before and after a restart of the service is published once: the ledger lives
 * in the database, not in the process. Two application runs, one broker, one database schema.
 */
class DedupAcrossRestartTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void shouldAnswerDuplicateAfterARestartAndKeepOneRecord() throws Exception {
        // Given a broker and a database that outlive the service
        EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        try {
            Map<String, Object> properties = new HashMap<>(TestDatabase.freshSchema().springProperties());
            properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
            properties.put("server.port", "0");
            properties.put("issuedesk.identity.key", TestIdentity.KEY);
            String body = """
                    {"id":"r1","platform":"mastodon","author":"@someone","text":"restart me","createdAt":"2026-11-20T14:03:00Z"}""";

            // When the post is sent, the service restarted, and the post sent again
            int first;
            try (ConfigurableApplicationContext app = start(properties)) {
                first = post(app, body).statusCode();
            }
            HttpResponse<String> second;
            try (ConfigurableApplicationContext app = start(properties)) {
                second = post(app, body);
            }

            // Then
            assertThat(first).isEqualTo(202);
            assertThat(second.statusCode()).isEqualTo(202);
            assertThat(second.body()).contains("\"duplicate\"");
            assertThat(PostsRawRecords.withKey(broker.getBrokersAsString(), "mastodon:r1")).hasSize(1);
        } finally {
            broker.destroy();
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // as arguments: they must win over application.yml (builder properties are only defaults)
        return new SpringApplicationBuilder(IngestApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private HttpResponse<String> post(ConfigurableApplicationContext app, String body) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/posts"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .header(TestIdentity.HEADER, TestIdentity.ingest("ingest-test"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }
}
