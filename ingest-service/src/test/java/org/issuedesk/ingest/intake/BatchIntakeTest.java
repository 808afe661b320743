package org.issuedesk.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.testsupport.TestDatabase;
import org.issuedesk.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/posts/batch} against the real application, a real broker and a real PostgreSQL:
 * per-item answers in order, exactly the valid new posts on posts.raw, limits as problem+json.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "issuedesk.ingest.batch.max-items=10",
        "issuedesk.ingest.batch.max-body-size=8KB",
        "issuedesk.ingest.max-text-length=500",
        "issuedesk.ingest.dedup.cross-post-window=1h" })
@EmbeddedKafka
class BatchIntakeTest {

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    static String post(String id, String platform, String author, String text, String createdAt) {
        return """
                {"id":"%s","platform":"%s","author":"%s","text":"%s","createdAt":"%s"}""".formatted(id, platform,
                author, text, createdAt);
    }

    @Test
    void shouldPublishExactlyTheValidItemsOfAMixedArrayAndAnswerEachInOrder() throws Exception {
        // Given valid posts mixed with invalid ones and a repeat inside the batch
        String batch = "[" + String.join(",",
                post("m1", "mastodon", "@a", "EI claim stuck", "2026-11-20T10:00:00Z"),
                "{\"id\":\"m2\",\"platform\":\"mastodon\",\"author\":\"@a\",\"createdAt\":\"2026-11-20T10:00:00Z\"}",
                post("m3", "mastodon", "@a", "bad date", "yesterday"),
                post("m4", "Mastodon", "@a", "bad platform", "2026-11-20T10:00:00Z"),
                "42",
                post("m1", "mastodon", "@a", "EI claim stuck", "2026-11-20T10:00:00Z"),
                "{\"id\":\"m5\",\"platform\":\"mastodon\",\"author\":\"@b\",\"text\":\"<p>x &amp; y</p>\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"extra\":[1]}")
                + "]";

        // When
        HttpResponse<String> response = send(batch, "application/json");

        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(statuses(answer)).containsExactly("accepted", "rejected", "rejected", "rejected", "rejected",
                "duplicate", "accepted");
        assertThat(answer.path("accepted").asInt()).isEqualTo(2);
        assertThat(answer.path("rejected").asInt()).isEqualTo(4);
        JsonNode items = answer.path("items");
        assertThat(items.get(1).path("errors").findValuesAsString("field")).containsExactly("text");
        assertThat(items.get(2).path("errors").findValuesAsString("field")).containsExactly("createdAt");
        assertThat(items.get(3).path("errors").findValuesAsString("field")).containsExactly("platform");
        assertThat(items.get(4).path("errors").get(0).path("message").asString()).isEqualTo("must be a JSON object");
        assertThat(items.get(0).path("id").asString()).isEqualTo("mastodon:m1");
        assertThat(items.get(5).path("index").asInt()).isEqualTo(5);

        List<String> keys = PostsRawRecords.all(broker.getBrokersAsString()).stream().map(ConsumerRecord::key)
                .filter(k -> k.matches("mastodon:m\\d")).toList();
        assertThat(keys).containsExactlyInAnyOrder("mastodon:m1", "mastodon:m5");
        SocialPost m5 = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(), "mastodon:m5").get(0).value();
        assertThat(m5.text()).isEqualTo("x & y");
    }

    @Test
    void shouldAcceptNdjsonSkippingBlankLinesAndRejectingAnUnreadableOne() throws Exception {
        // Given
        String batch = post("n1", "bluesky", "@c", "first", "2026-11-20T10:00:00Z").replace("createdAt", "created_at")
                + "\n\n"
                + "{\"id\":\"n2\", oops\n"
                + post("n3", "bluesky", "@c", "third", "2026-11-20T10:00:00Z") + "\r\n";

        // When
        HttpResponse<String> response = send(batch, "application/x-ndjson");

        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(statuses(answer)).containsExactly("accepted", "rejected", "accepted");
        assertThat(answer.path("items").get(1).path("errors").get(0).path("message").asString()).isEqualTo("not valid JSON");
        assertThat(PostsRawRecords.withKey(broker.getBrokersAsString(), "bluesky:n3")).hasSize(1);
        assertThat(PostsRawRecords.withKey(broker.getBrokersAsString(), "bluesky:n2")).isEmpty();
    }

    @Test
    void shouldImportACsvExportWithQuotedFields() throws Exception {
        // Given a spreadsheet export: header row, quoted text with a comma, a quote and a line break, an extra column
        String csv = "id,platform,author,created_at,text,likes,followers_count\r\n"
                + "v1,reddit,u/eve,2026-11-20T10:00:00Z,\"My EI claim, \"\"pending\"\"\nfor weeks\",3,25000\r\n"
                + "v2,reddit,u/eve,2026-11-20T10:00:00Z,,0,\r\n"
                + "v3,reddit,u/eve\r\n";

        // When
        HttpResponse<String> response = send(csv, "text/csv");

        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(statuses(answer)).containsExactly("accepted", "rejected", "rejected");
        assertThat(answer.path("items").get(1).path("errors").findValuesAsString("field")).containsExactly("text");
        SocialPost v1 = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(), "reddit:v1").get(0).value();
        assertThat(v1.text()).isEqualTo("My EI claim, \"pending\"\nfor weeks");
        assertThat(v1.authorFollowers()).as("followers_count column").isEqualTo(25_000L);
    }

    @Test
    void shouldAnswerDuplicateForPostsPublishedBefore() throws Exception {
        // Given
        String first = post("d1", "x", "@d", "once", "2026-11-20T10:00:00Z");
        assertThat(statuses(json(send("[" + first + "]", "application/json")))).containsExactly("accepted");

        // When the same post comes again with a new one
        HttpResponse<String> response = send("[" + first + "," + post("d2", "x", "@d", "twice", "2026-11-20T10:00:00Z") + "]",
                "application/json");

        // Then
        assertThat(statuses(json(response))).containsExactly("duplicate", "accepted");
        assertThat(PostsRawRecords.withKey(broker.getBrokersAsString(), "x:d1")).hasSize(1);
    }

    @Test
    void shouldPublishACrossPostWithAReferenceToTheFirst() throws Exception {
        // Given the same author and text on two platforms, half an hour apart, and once more after the window
        String batch = "[" + String.join(",",
                post("c1", "mastodon", "@Eve", "Passport  office line is 3 hours", "2026-11-20T10:00:00Z"),
                post("c2", "bluesky", "eve", "passport office line is 3 hours", "2026-11-20T10:30:00Z"),
                post("c3", "x", "@eve", "Passport office line is 3 hours", "2026-11-20T12:00:00Z"),
                post("c4", "bluesky", "@eve", "Passport office line is 4 hours", "2026-11-20T10:30:00Z")) + "]";

        // When
        JsonNode answer = json(send(batch, "application/json"));

        // Then
        assertThat(statuses(answer)).containsExactly("accepted", "accepted", "accepted", "accepted");
        assertThat(answer.path("items").get(1).path("duplicateOf").asString()).isEqualTo("mastodon:c1");
        assertThat(answer.path("items").get(0).has("duplicateOf")).isFalse();
        assertThat(answer.path("items").get(2).has("duplicateOf")).as("outside the 1h window").isFalse();
        assertThat(answer.path("items").get(3).has("duplicateOf")).as("other text").isFalse();
        SocialPost c2 = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(), "bluesky:c2").get(0).value();
        assertThat(c2.duplicateOf()).isEqualTo("mastodon:c1");
    }

    @Test
    void shouldRefuseMoreItemsThanTheLimitWith413() throws Exception {
        // Given 11 posts, one more than the configured 10
        String batch = IntStream.range(0, 11).mapToObj(i -> post("t" + i, "x", "@t", "t", "2026-11-20T10:00:00Z"))
                .collect(Collectors.joining("\n"));

        // When
        HttpResponse<String> response = send(batch, "application/x-ndjson");

        // Then
        assertProblem(response, 413);
        assertThat(PostsRawRecords.withKey(broker.getBrokersAsString(), "x:t0")).isEmpty();
    }

    @Test
    void shouldRefuseABodyOverTheLimitWith413() throws Exception {
        // Given a body over the configured 8 KB
        String batch = "[" + post("big", "x", "@t", "y".repeat(400), "2026-11-20T10:00:00Z").repeat(1) + ","
                + " ".repeat(8 * 1024) + "]";

        // Then
        assertProblem(send(batch, "application/json"), 413);
    }

    @Test
    void shouldRejectTextOverTheLimitAsAnItem() throws Exception {
        // When
        JsonNode answer = json(send("[" + post("long", "x", "@t", "z".repeat(501), "2026-11-20T10:00:00Z") + "]",
                "application/json"));

        // Then
        assertThat(statuses(answer)).containsExactly("rejected");
        assertThat(answer.path("items").get(0).path("errors").get(0).path("message").asString())
                .isEqualTo("must be at most 500 characters");
    }

    @Test
    void shouldRefuseWhatIsNotABatch() throws Exception {
        assertProblem(send("{\"id\":\"1\"}", "application/json"), 400);
        assertProblem(send("[1,", "application/json"), 400);
        assertProblem(send("[]", "application/json"), 400);
        assertProblem(send("\n\n", "application/x-ndjson"), 400);
        assertProblem(send("id,text", "text/csv"), 400);
        assertProblem(send("id,\"text", "text/csv"), 400);
        assertProblem(send("id,text", "text/plain"), 415);
    }

    @Test
    void shouldCountOutcomesPerSourceAndPlatform() throws Exception {
        // Given
        String p = post("k1", "counted-batch", "@k", "k", "2026-11-20T10:00:00Z");
        send("[" + p + "," + p + "," + post("k2", "counted-batch", "@k", "", "2026-11-20T10:00:00Z") + "]", "application/json");

        // When
        String scrape = http.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build(), BodyHandlers.ofString())
                .body();

        // Then
        assertThat(scrape)
                .contains("issuedesk_ingest_posts_total{application=\"ingest-service\",outcome=\"accepted\",platform=\"counted-batch\",source=\"batch\"} 1.0")
                .contains("issuedesk_ingest_posts_total{application=\"ingest-service\",outcome=\"duplicate\",platform=\"counted-batch\",source=\"batch\"} 1.0")
                .contains("issuedesk_ingest_posts_total{application=\"ingest-service\",outcome=\"rejected\",platform=\"counted-batch\",source=\"batch\"} 1.0");
    }

    private static List<String> statuses(JsonNode answer) {
        return answer.path("items").findValuesAsString("status");
    }

    private HttpResponse<String> send(String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/posts/batch")).header("Content-Type", contentType)
                .header(TestIdentity.HEADER, TestIdentity.ingest("ingest-test"))
                .timeout(Duration.ofSeconds(30)).POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }
}
