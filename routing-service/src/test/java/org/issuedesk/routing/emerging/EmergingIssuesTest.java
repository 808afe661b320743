package org.issuedesk.routing.emerging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.testsupport.TestDatabase;
import org.issuedesk.testsupport.TestIdentity;
import org.issuedesk.testsupport.TopicRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import tools.jackson.databind.JsonNode;

/**
 * Alerts of issues.alerts become emerging-issue cases, over a real broker and the real PostgreSQL: one
 * case per alert id whatever the redeliveries, in the owning team's queue and on its queue topic, updated
 * and closed by later messages, linked to the cases of the surge's posts (those routed before the alert
 * and those after), worked through the usual workflow (claim, respond, resolve) and SLA clock, served over
 * REST within team scope.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        // the misinformation surge's case breaches its SLA within the test, and the clock finds it
        "issuedesk.routing.emerging.misinformation-sla=PT2S", "issuedesk.routing.sla.scan-interval=PT1S",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN"})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1, topics = {"posts.classified", "issues.alerts"}, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class EmergingIssuesTest {

    private static final TestDatabase.Schema DATABASE = TestDatabase.freshSchema();
    private static final Duration WITHIN = Duration.ofSeconds(30);
    // an hour ago: recent enough for no "old post" rule, and the alert's window is in the past like a real one
    private static final Instant T = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));

    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    EmbeddedKafkaBroker broker;

    @BeforeAll
    static void producer(@Autowired EmbeddedKafkaBroker broker) {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldMakeOneEmergingIssueOfAnAlertLinkedToTheCasesOfItsSurge() throws Exception {
        // Given: the surge's first posts on passports, routed before the alert, and posts that are not of it
        List<String> surge = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            surge.add(sendPost("passports", IssueKind.COMPLAINT, T.plusSeconds(20L * i)));
        }
        String before = sendPost("passports", IssueKind.COMPLAINT, T.minus(Duration.ofMinutes(30)));
        String otherFile = sendPost("pensions", IssueKind.COMPLAINT, T.plusSeconds(60));
        String otherKind = sendPost("passports", IssueKind.PRAISE, T.plusSeconds(60));
        String alertId = "passports.complaint@" + T.plus(Duration.ofMinutes(10));

        // When: the alert opens, is delivered twice, grows, more posts of the surge arrive, and it closes
        IssueAlert open = alert(alertId, AlertState.OPEN, T.plus(Duration.ofMinutes(10)), 30);
        sendAlert(open);
        sendAlert(open);
        sendAlert(alert(alertId, AlertState.UPDATED, T.plus(Duration.ofMinutes(12)), 45));
        for (int i = 0; i < 5; i++) {
            surge.add(sendPost("passports", IssueKind.COMPLAINT, T.plus(Duration.ofMinutes(11)).plusSeconds(i)));
        }
        sendAlert(alert(alertId, AlertState.CLOSED, T.plus(Duration.ofMinutes(25)), 4));
        sendAlert(open); // a late redelivery of the first message changes nothing
        String after = sendPost("passports", IssueKind.COMPLAINT, T.plus(Duration.ofMinutes(40)));

        // Then: one emerging issue, closed, for the team that owns passports, at high priority
        JsonNode issue = await().atMost(WITHIN).until(() -> json(mvc.get().uri("/api/alerts/{id}", alertId).exchange()),
                node -> node != null && node.path("state").asString("").equals("closed")
                        && node.path("linkedCases").asLong() == 35);
        assertThat(issue.path("teamId").asString()).isEqualTo("travel-documents-horizontal");
        assertThat(issue.path("priority").asString()).isEqualTo("high");
        assertThat(issue.path("issueKind").asString()).isEqualTo("complaint");
        assertThat(issue.path("peakCount").asLong()).isEqualTo(45);
        assertThat(issue.path("count").asLong()).isEqualTo(4);
        assertThat(issue.path("messages").asInt()).isEqualTo(3);
        assertThat(issue.path("closedAt").asString()).isEqualTo(T.plus(Duration.ofMinutes(25)).toString());
        assertThat(Instant.parse(issue.path("dueBy").asString()))
                .isEqualTo(Instant.parse(issue.path("createdAt").asString()).plus(Duration.ofHours(1)));
        assertThat(issue.path("topTerms").get(0).asString()).isEqualTo("#passport");
        String caseId = issue.path("caseId").asString();

        // and it is ONE case, first in the team's queue by priority, summing up the surge
        JsonNode emerging = json(mvc.get().uri("/api/cases/{id}", caseId).exchange());
        assertThat(emerging.path("postId").asString()).isEqualTo("alert:" + alertId);
        assertThat(emerging.path("teamId").asString()).isEqualTo("travel-documents-horizontal");
        assertThat(emerging.path("priority").asString()).isEqualTo("high");
        assertThat(emerging.path("status").asString()).isEqualTo("open");
        assertThat(emerging.path("text").asString())
                .isEqualTo("Surge: 30 posts on passports (complaint) in 10 min, usually 5; top terms #passport, gatineau");
        assertThat(emerging.path("emergingIssue").path("caseId").asString()).isEqualTo(caseId);
        assertThat(emerging.path("emergingIssue").path("linkedCases").asLong()).isEqualTo(35);
        assertThat(emerging.path("history")).extracting(h -> h.path("type").asString())
                .containsExactly("routed", "noted", "noted"); // opened, grew, ended
        assertThat(emerging.path("history").get(2).path("details").path("text").asString()).startsWith("Surge over at");
        JsonNode queue = json(mvc.get().uri("/api/teams/travel-documents-horizontal/cases?sort=priority&size=100")
                .exchange());
        assertThat(queue.path("items").get(0).path("id").asString()).isEqualTo(caseId);
        assertThat(queue.path("items").get(0).path("caseType").asString()).isEqualTo("emerging");
        assertThat(queue.path("items").get(1).path("caseType").asString()).isEqualTo("post");
        List<String> queuedPosts = new ArrayList<>();
        queue.path("items").forEach(c -> queuedPosts.add(c.path("postId").asString()));
        assertThat(queuedPosts).filteredOn(id -> id.startsWith("alert:")).containsExactly("alert:" + alertId);
        // published on the team's queue topic like every case, with the alert that opened it
        await().atMost(WITHIN).untilAsserted(() -> assertThat(TopicRecords.committed(broker.getBrokersAsString(),
                Topics.teamQueue("travel-documents-horizontal").name()))
                .filteredOn(r -> r.key().equals("alert:" + alertId)).singleElement().satisfies(r -> {
                    RoutedCase routed = EventJson.mapper().readValue(r.value(), RoutedCase.class);
                    assertThat(routed.caseId()).isEqualTo(caseId);
                    assertThat(routed.alert().alertId()).isEqualTo(alertId);
                    assertThat(routed.alert().state()).isEqualTo(AlertState.OPEN);
                }));

        // and each case of the surge names its emerging-issue case; a case outside it names none
        String member = json(mvc.get().uri("/api/alerts/{id}/cases?size=1", alertId).exchange())
                .path("items").get(0).path("id").asString();
        JsonNode memberCase = json(mvc.get().uri("/api/cases/{id}", member).exchange());
        assertThat(memberCase.path("emergingIssue").path("caseId").asString()).isEqualTo(caseId);
        assertThat(memberCase.path("emergingIssue").path("alertId").asString()).isEqualTo(alertId);
        // (routed before the surge's last posts: posts.classified has one partition, read in order)
        String outsideCase = null;
        for (JsonNode c : queue.path("items")) {
            if (c.path("postId").asString().equals(before)) {
                outsideCase = c.path("id").asString();
            }
        }
        assertThat(json(mvc.get().uri("/api/cases/{id}", outsideCase).exchange()).path("emergingIssue").isNull())
                .isTrue();
        assertThat(json(mvc.get().uri("/api/cases/{id}/linked?size=100", caseId).exchange()).path("total").asLong())
                .isEqualTo(35);

        // and the team works it like any case; another team cannot see it
        String outsider = TestIdentity.member("tom.tax", "tax-horizontal");
        assertThat(mvc.get().uri("/api/cases/{id}", caseId).header(TestIdentity.HEADER, outsider).exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/api/cases/{id}/linked", caseId).header(TestIdentity.HEADER, outsider).exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/api/alerts/{id}", alertId).header(TestIdentity.HEADER, outsider).exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
        String jean = TestIdentity.member("jean.d", "travel-documents-horizontal");
        assertThat(mvc.post().uri("/api/cases/{id}/claim", caseId).header(TestIdentity.HEADER, jean).exchange())
                .hasStatusOk();
        assertThat(mvc.post().uri("/api/cases/{id}/respond", caseId).header(TestIdentity.HEADER, jean)
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"textEn": "The Gatineau office reopens Monday.", "textFr": "Le bureau de Gatineau rouvre lundi.",
                         "channel": "web"}""").exchange()).hasStatusOk();
        assertThat(mvc.post().uri("/api/cases/{id}/resolve", caseId).header(TestIdentity.HEADER, jean)
                .contentType(MediaType.APPLICATION_JSON).content("{\"resolution\": \"one answer for the surge\"}")
                .exchange()).hasStatusOk();
        JsonNode resolved = json(mvc.get().uri("/api/alerts/{id}", alertId).exchange());
        assertThat(resolved.path("caseStatus").asString()).isEqualTo("resolved");
        assertThat(json(mvc.get().uri("/api/cases/{id}", caseId).exchange()).path("assignee").asString())
                .isEqualTo("jean.d");

        // and its linked cases are exactly the surge's, whenever they were routed
        JsonNode linked = json(mvc.get().uri("/api/alerts/{id}/cases?size=100", alertId).exchange());
        List<String> linkedPosts = new ArrayList<>();
        linked.path("items").forEach(c -> linkedPosts.add(c.path("postId").asString()));
        assertThat(linkedPosts).containsExactlyInAnyOrderElementsOf(surge)
                .doesNotContain(before, otherFile, otherKind, after);
        assertThat(linked.path("total").asLong()).isEqualTo(35);

        // and the list finds it by file and state, once
        JsonNode page = json(mvc.get().uri("/api/alerts?policyFile=passports&state=closed").exchange());
        assertThat(page.path("total").asLong()).isEqualTo(1);
        assertThat(page.path("items").get(0).path("alertId").asString()).isEqualTo(alertId);
        assertThat(json(mvc.get().uri("/api/alerts?policyFile=passports&state=active").exchange())
                .path("total").asLong()).isZero();
    }

    @Test
    void shouldMakeAMisinformationSurgeUrgentWithItsShorterSla() {
        String alertId = "employment-insurance.misinformation@" + T.plus(Duration.ofMinutes(5));
        IssueAlert alert = new IssueAlert(IssueAlert.SCHEMA_VERSION, alertId, "employment-insurance",
                IssueKind.MISINFORMATION, AlertState.OPEN, T.minus(Duration.ofMinutes(5)), T.plus(Duration.ofMinutes(5)),
                25, 0.4, 24.6, List.of("march", "#fake"), List.of(), T.plus(Duration.ofMinutes(5)),
                T.plus(Duration.ofMinutes(5)));

        sendAlert(alert);

        JsonNode issue = await().atMost(WITHIN).until(() -> json(mvc.get().uri("/api/alerts/{id}", alertId).exchange()),
                node -> node != null && node.has("alertId"));
        assertThat(issue.path("priority").asString()).isEqualTo("urgent");
        assertThat(issue.path("teamId").asString()).isEqualTo("benefits-horizontal");
        assertThat(issue.path("state").asString()).isEqualTo("open");
        assertThat(Instant.parse(issue.path("dueBy").asString()))
                .isEqualTo(Instant.parse(issue.path("createdAt").asString()).plus(Duration.ofSeconds(2)));

        // and with no first response in time the SLA clock escalates its case, as any case
        JsonNode escalated = await().atMost(WITHIN).until(
                () -> json(mvc.get().uri("/api/cases/{id}", issue.path("caseId").asString()).exchange()),
                node -> node != null && !node.path("escalatedAt").isNull() && node.has("escalatedAt"));
        assertThat(escalated.path("history")).extracting(h -> h.path("type").asString()).contains("escalated");
        assertThat(escalated.path("text").asString()).startsWith("Surge: 25 posts on employment-insurance (misinformation)");
    }

    @Test
    void shouldDeadLetterAnAlertThatCannotBeApplied() {
        byte[] noId = """
                {"schemaVersion":2,"policyFile":"passports","state":"open","windowStart":"2026-01-01T00:00:00Z",
                 "windowEnd":"2026-01-01T00:10:00Z","openedAt":"2026-01-01T00:10:00Z","raisedAt":"2026-01-01T00:10:00Z",
                 "count":30,"baseline":5,"score":10}""".getBytes(StandardCharsets.UTF_8);

        producer.send(new ProducerRecord<>(Topics.ISSUES_ALERTS.name(), "passports", noId));
        producer.flush();

        await().atMost(WITHIN).untilAsserted(() -> assertThat(
                TopicRecords.committed(broker.getBrokersAsString(), Topics.ISSUES_ALERTS.deadLetter()))
                .anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo("passports");
                    assertThat(new String(r.headers().lastHeader("kafka_dlt-exception-message").value(),
                            StandardCharsets.UTF_8)).contains("alertId must be 1-200 characters");
                }));
    }

    @Test
    void shouldAnswerProblemsForBadQueriesAndUnknownAlerts() {
        MvcTestResult bad = mvc.get().uri("/api/alerts?state=sideways&size=1000").exchange();
        assertThat(bad).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(bad).contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(bad).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("state", "size");

        MvcTestResult unknown = mvc.get().uri("/api/alerts/{id}", "no-such-alert").exchange();
        assertThat(unknown).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(unknown).contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/api/alerts/{id}/cases", "no-such-alert").exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }

    private static IssueAlert alert(String alertId, AlertState state, Instant windowEnd, long count) {
        return new IssueAlert(IssueAlert.SCHEMA_VERSION, alertId, "passports", IssueKind.COMPLAINT, state,
                windowEnd.minus(Duration.ofMinutes(10)), windowEnd, count, 5.0, (count - 5) / 2.2,
                List.of("#passport", "gatineau"), List.of(), T.plus(Duration.ofMinutes(10)), windowEnd);
    }

    private static void sendAlert(IssueAlert alert) {
        producer.send(new ProducerRecord<>(Topics.ISSUES_ALERTS.name(), alert.policyFile(),
                EventJson.mapper().writeValueAsBytes(alert)));
        producer.flush();
    }

    private static String sendPost(String file, IssueKind kind, Instant createdAt) {
        String externalId = UUID.randomUUID().toString();
        SocialPost post = new SocialPost(SocialPost.SCHEMA_VERSION, SocialPost.idOf("mastodon", externalId), "mastodon",
                externalId, "@someone", "Passport office closed again #passport", createdAt, "en", null,
                List.of("passport"), List.of(), List.of(), null, createdAt.plusSeconds(1));
        ClassifiedPost classified = new ClassifiedPost(ClassifiedPost.SCHEMA_VERSION, post, file, 0.9, kind, 0.8, "en",
                List.of(), "test", createdAt.plusSeconds(2));
        producer.send(new ProducerRecord<>(Topics.POSTS_CLASSIFIED.name(), post.id(),
                EventJson.mapper().writeValueAsBytes(classified)));
        producer.flush();
        return post.id();
    }

    private static JsonNode json(MvcTestResult result) {
        if (result.getResponse().getStatus() != 200) {
            return null;
        }
        try {
            return EventJson.mapper().readTree(result.getResponse().getContentAsString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
