package org.issuedesk.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 * The intake over HTTP against the real application and a real (in-process KRaft) broker: what is
 * accepted is on posts.raw exactly once, what is refused is refused with problem+json.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka
class PostIntakeTest {

    /** The post of issue 2, as a source sends it. */
    static final String ISSUE_2_POST = """
            {"id":"1234","platform":"mastodon","author":"@someone","text":"Still no news on my EI claim after 6 weeks","createdAt":"2026-11-20T14:03:00Z","lang":"en"}""";

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void shouldAcceptThePostAndPublishExactlyThatRecord() throws Exception {
        // Given
        Instant before = Instant.now();

        // When
        HttpResponse<String> response = post(ISSUE_2_POST);

        // Then the answer comes once the broker has the record
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response)).isEqualTo(EventJson.mapper().readTree("""
                {"status":"accepted","id":"mastodon:1234"}"""));
        List<ConsumerRecord<String, Object>> records = recordsWithKey("mastodon:1234");
        assertThat(records).hasSize(1);
        ConsumerRecord<String, Object> record = records.get(0);
        SocialPost post = (SocialPost) record.value();
        assertThat(post.receivedAt()).isBetween(before, Instant.now());
        assertThat(post).isEqualTo(new SocialPost(SocialPost.SCHEMA_VERSION, "mastodon:1234", "mastodon", "1234",
                "@someone", "Still no news on my EI claim after 6 weeks", Instant.parse("2026-11-20T14:03:00Z"),
                "en", null, List.of(), List.of(), List.of(), null, post.receivedAt()));
        assertThat(record.headers().lastHeader("traceparent")).as("trace context travels with the record").isNotNull();
    }

    @Test
    void shouldCarryTheRequestIdAndTheTraceOfTheRequestIntoTheRecord() throws Exception {
        // Given a request as the gateway forwards it: a request id and a W3C trace context
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpRequest request = HttpRequest.newBuilder(uri("/api/posts")).header("Content-Type", "application/json")
                .header(TestIdentity.HEADER, TestIdentity.ingest("ingest-test"))
                .header("X-Request-Id", "req-correlation-1")
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .POST(BodyPublishers.ofString(ISSUE_2_POST.replace("1234", "correlation-1"))).build();

        // When it is accepted
        assertThat(http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(202);

        // Then its record carries both, so a consumer's logs and traces join the request's
        ConsumerRecord<String, Object> record = recordsWithKey("mastodon:correlation-1").get(0);
        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .startsWith("00-" + traceId + "-");
        assertThat(record.headers().lastHeader("x-request-id")).as("request id header").isNotNull();
        assertThat(new String(record.headers().lastHeader("x-request-id").value(), StandardCharsets.UTF_8))
                .isEqualTo("req-correlation-1");
    }

    @Test
    void shouldTakePostsOnlyFromTheIngestRoleOrAdmins() throws Exception {
        HttpResponse<String> analyst = http.send(HttpRequest.newBuilder(uri("/api/posts"))
                .header("Content-Type", "application/json").header(TestIdentity.HEADER, TestIdentity.analyst("anna"))
                .POST(BodyPublishers.ofString(ISSUE_2_POST.replace("1234", "refused-1"))).build(), BodyHandlers.ofString());
        HttpResponse<String> nobody = http.send(HttpRequest.newBuilder(uri("/api/posts"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(ISSUE_2_POST.replace("1234", "refused-2"))).build(), BodyHandlers.ofString());
        HttpResponse<String> admin = http.send(HttpRequest.newBuilder(uri("/api/posts"))
                .header("Content-Type", "application/json").header(TestIdentity.HEADER, TestIdentity.admin("ada"))
                .POST(BodyPublishers.ofString(ISSUE_2_POST.replace("1234", "by-admin-1"))).build(), BodyHandlers.ofString());

        assertThat(analyst.statusCode()).isEqualTo(403);
        assertThat(analyst.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(admin.statusCode()).isEqualTo(202);
        assertThat(recordsWithKey("mastodon:refused-1")).isEmpty();
    }

    @Test
    void shouldIgnoreUnknownFieldsAndExtractEntities() throws Exception {
        // Given a post with fields the intake does not know and entities in its text
        String body = """
                {"id":"a-77","platform":"bluesky","author":"@carol.bsky.social","favourites":12,"reposts":{"n":1},
                 "text":"Passport office line again #passports @ServiceCanada_E https://canada.ca/passports.",
                 "createdAt":"2026-11-21T09:00:00-05:00","url":"https://bsky.app/profile/carol/post/a-77"}""";

        // When
        HttpResponse<String> response = post(body);

        // Then
        assertThat(response.statusCode()).isEqualTo(202);
        SocialPost post = (SocialPost) recordsWithKey("bluesky:a-77").get(0).value();
        assertThat(post.hashtags()).containsExactly("passports");
        assertThat(post.mentions()).containsExactly("ServiceCanada_E");
        assertThat(post.links()).containsExactly("https://canada.ca/passports");
        assertThat(post.createdAt()).isEqualTo(Instant.parse("2026-11-21T14:00:00Z"));
        assertThat(post.url()).isEqualTo("https://bsky.app/profile/carol/post/a-77");
        assertThat(post.lang()).isNull();
    }

    @Test
    void shouldCarryTheAuthorsFollowerCountIntoPostsRawAndRefuseANegativeOne() throws Exception {
        // Given the count under its own name and under Mastodon's, and a negative one
        String named = ISSUE_2_POST.replace("\"1234\"", "\"reach-1\"").replace("}", ",\"authorFollowers\":25000}");
        String aliased = ISSUE_2_POST.replace("\"1234\"", "\"reach-2\"").replace("}", ",\"followers_count\":0}");
        String negative = ISSUE_2_POST.replace("\"1234\"", "\"reach-3\"").replace("}", ",\"authorFollowers\":-5}");

        // When
        HttpResponse<String> namedAnswer = post(named);
        HttpResponse<String> aliasedAnswer = post(aliased);
        HttpResponse<String> negativeAnswer = post(negative);

        // Then the counts reach posts.raw, the first post of this class (no count) says unknown, the negative is refused
        assertThat(namedAnswer.statusCode()).isEqualTo(202);
        assertThat(aliasedAnswer.statusCode()).isEqualTo(202);
        assertThat(((SocialPost) recordsWithKey("mastodon:reach-1").get(0).value()).authorFollowers()).isEqualTo(25_000L);
        assertThat(((SocialPost) recordsWithKey("mastodon:reach-2").get(0).value()).authorFollowers()).isZero();
        assertProblem(negativeAnswer, 400);
        assertThat(errorFields(negativeAnswer)).containsExactly("authorFollowers");
        assertThat(recordsWithKey("mastodon:reach-3")).isEmpty();
    }

    @Test
    void shouldRejectInvalidJson() throws Exception {
        // When
        HttpResponse<String> response = post("{\"id\":\"1\", \"platform\": ");

        // Then
        assertProblem(response, 400);
        assertThat(json(response).path("detail").asString()).contains("not valid JSON");
    }

    @Test
    void shouldNameEveryMissingField() throws Exception {
        // Given a post without text and createdAt
        String body = """
                {"id":"1235","platform":"mastodon","author":"@someone"}""";

        // When
        HttpResponse<String> response = post(body);

        // Then
        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactlyInAnyOrder("createdAt", "text");
    }

    @Test
    void shouldNameCreatedAtWhenItIsNotATime() throws Exception {
        // Given
        String body = ISSUE_2_POST.replace("2026-11-20T14:03:00Z", "yesterday");

        // When
        HttpResponse<String> response = post(body);

        // Then
        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactly("createdAt");
    }

    @Test
    void shouldRejectTextLongerThanTheLimitAndAPlatformThatIsNotLowerCase() throws Exception {
        // Given text one character over the default limit of 10000 (an emoji counts as one)
        String text = "😀".repeat(10_001);
        String body = ISSUE_2_POST.replace("Still no news on my EI claim after 6 weeks", text)
                .replace("\"mastodon\"", "\"Mastodon\"");

        // When
        HttpResponse<String> response = post(body);

        // Then
        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactlyInAnyOrder("platform", "text");
        assertThat(json(response).path("errors").findValuesAsString("message"))
                .contains("must be at most 10000 characters");
    }

    @Test
    void shouldAcceptTextOfExactlyTheLimit() throws Exception {
        // Given 10000 characters that take 20000 UTF-16 units
        String body = ISSUE_2_POST.replace("Still no news on my EI claim after 6 weeks", "😀".repeat(10_000))
                .replace("\"1234\"", "\"1236\"");

        // When
        HttpResponse<String> response = post(body);

        // Then
        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void shouldRefuseABodyOverTheLimitByItsContentLength() throws Exception {
        // Given a body of 64 KiB + 1 byte (the default limit is 64 KiB) with its Content-Length
        byte[] body = oversizedBody();

        // When
        HttpResponse<String> response = send(BodyPublishers.ofByteArray(body));

        // Then
        assertProblem(response, 413);
        assertThat(recordsWithKey("mastodon:big")).isEmpty();
    }

    @Test
    void shouldRefuseAChunkedBodyOverTheLimit() throws Exception {
        // Given the same body sent in chunks, without a Content-Length
        byte[] body = oversizedBody();

        // When
        HttpResponse<String> response = send(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        // Then
        assertProblem(response, 413);
    }

    @Test
    void shouldBeLiveAndReadyWithKafka() throws Exception {
        // When
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        // Then
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(readiness.statusCode()).isEqualTo(200);
        JsonNode health = json(readiness);
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void shouldCountAcceptedAndRejectedPostsInPrometheus() throws Exception {
        // Given one accepted and one rejected post from a platform of their own
        String counted = ISSUE_2_POST.replace("mastodon", "counted").replace("EI claim", "passport");
        assertThat(post(counted).statusCode()).isEqualTo(202);
        assertThat(post(counted.replace("\"text\"", "\"body\"")).statusCode())
                .isEqualTo(400);

        // When
        HttpResponse<String> scrape = get("/actuator/prometheus");

        // Then
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("issuedesk_ingest_posts_total{application=\"ingest-service\",outcome=\"accepted\",platform=\"counted\",source=\"api\"} 1.0")
                .contains("issuedesk_ingest_posts_total{application=\"ingest-service\",outcome=\"rejected\",platform=\"counted\",source=\"api\"} 1.0")
                .contains("issuedesk_ingest_publish_seconds_count{application=\"ingest-service\",outcome=\"success\"}");
    }

    @Test
    void shouldAnswerDuplicateForAPostSentTwice() throws Exception {
        // Given a post already accepted
        String body = ISSUE_2_POST.replace("\"1234\"", "\"twice\"");
        assertThat(post(body).statusCode()).isEqualTo(202);

        // When it is sent again
        HttpResponse<String> again = post(body);

        // Then it is still stored (202), once
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again)).isEqualTo(EventJson.mapper().readTree("""
                {"status":"duplicate","id":"mastodon:twice"}"""));
        assertThat(recordsWithKey("mastodon:twice")).hasSize(1);
    }

    @Test
    void shouldStoreMastodonHtmlAsPlainTextWithItsEntities() throws Exception {
        // Given a status' content as Mastodon's API gives it
        String content = "<p>Still waiting on my <a href=\\\"https://mastodon.social/tags/EI\\\" class=\\\"mention hashtag\\\">#<span>EI</span></a> claim &amp; no answer.<br>"
                + "See <a href=\\\"https://www.canada.ca/en/services/benefits/ei.html\\\"><span class=\\\"invisible\\\">https://www.</span><span class=\\\"ellipsis\\\">canada.ca/en/services/</span><span class=\\\"invisible\\\">benefits/ei.html</span></a> "
                + "<span class=\\\"h-card\\\"><a href=\\\"https://mastodon.social/@ServiceCanada\\\" class=\\\"u-url mention\\\">@<span>ServiceCanada</span></a></span></p><p>It&#39;s week 6</p>";
        String body = ISSUE_2_POST.replace("\"1234\"", "\"html\"").replace("Still no news on my EI claim after 6 weeks", content)
                .replace("\"lang\":\"en\"", "\"lang\":\"en\",\"url\":\"https://mastodon.social/@someone/html\"");

        // When
        HttpResponse<String> response = post(body);

        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        SocialPost post = (SocialPost) recordsWithKey("mastodon:html").get(0).value();
        assertThat(post.text()).isEqualTo("Still waiting on my #EI claim & no answer.\n"
                + "See https://www.canada.ca/en/services/benefits/ei.html @ServiceCanada\n\nIt's week 6");
        assertThat(post.hashtags()).containsExactly("EI");
        assertThat(post.mentions()).containsExactly("ServiceCanada");
        assertThat(post.links()).containsExactly("https://www.canada.ca/en/services/benefits/ei.html");
        assertThat(post.url()).isEqualTo("https://mastodon.social/@someone/html");
    }

    private static byte[] oversizedBody() {
        String head = "{\"id\":\"big\",\"platform\":\"mastodon\",\"author\":\"@a\",\"createdAt\":\"2026-11-20T14:03:00Z\",\"text\":\"";
        String tail = "\"}";
        String text = "x".repeat(64 * 1024 + 1 - head.length() - tail.length());
        byte[] body = (head + text + tail).getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(64 * 1024 + 1);
        return body;
    }

    private HttpResponse<String> post(String json) throws Exception {
        return send(BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/posts")).header("Content-Type", "application/json")
                .header(TestIdentity.HEADER, TestIdentity.ingest("ingest-test"))
                .timeout(Duration.ofSeconds(30)).POST(body).build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header(TestIdentity.HEADER, TestIdentity.ingest("ingest-test")).GET().build(),
                BodyHandlers.ofString());
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
        assertThat(json(response).path("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    private static List<String> errorFields(HttpResponse<String> response) {
        return json(response).path("errors").findValuesAsString("field");
    }

    /** Every record of posts.raw with that key (see {@link PostsRawRecords}). */
    private List<ConsumerRecord<String, Object>> recordsWithKey(String key) {
        return PostsRawRecords.withKey(broker.getBrokersAsString(), key);
    }
}
