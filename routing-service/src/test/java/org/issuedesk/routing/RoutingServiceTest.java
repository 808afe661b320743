package org.issuedesk.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issuedesk.testsupport.TopicRecords;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.routing.cases.CaseRepository;
import org.issuedesk.routing.cases.ClassifiedPosts;
import org.issuedesk.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import tools.jackson.databind.JsonNode;

/**
 * The routing service whole, over a real Kafka broker (in-process KRaft) and the real PostgreSQL: what
 * arrives on posts.classified becomes a case in the database, a record in the owning team's queue and a
 * routed event, exactly once. {@code posts.classified} has one partition here, so records are routed in
 * the order they are sent: a later record being routed proves an earlier one was handled.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.zookeeper=WARN"})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1, topics = "posts.classified", brokerProperties = {
        // one broker: Kafka transactions need their state log to fit on it
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class RoutingServiceTest {

    private static final TestDatabase.Schema DATABASE = TestDatabase.freshSchema();
    private static final String POSTS_CLASSIFIED = Topics.POSTS_CLASSIFIED.name();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CaseRepository cases;

    @Autowired
    MeterRegistry meters;

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
    void shouldRouteAPostOnAnOwnedPolicyFileToTheOwningTeamsQueueWithARoutedEvent() throws Exception {
        // Given a complaint about Employment Insurance
        ClassifiedPost classified = ClassifiedPosts.about("employment-insurance", IssueKind.COMPLAINT);
        String postId = classified.post().id();

        // When the classifier publishes it
        send(classified);

        // Then the benefits team's queue has it, keyed by post id, with the routing decision
        RoutedCase routed = await().atMost(WITHIN).until(() -> routedCases("benefits-horizontal", postId), l -> l.size() == 1).get(0);
        assertThat(routed.teamId()).isEqualTo("benefits-horizontal");
        assertThat(routed.priority()).isEqualTo(Priority.NORMAL);
        assertThat(routed.reason())
                .isEqualTo("owned by benefits-horizontal (policy file employment-insurance); complaint: first acting communications");
        assertThat(routed.dueBy()).isEqualTo(routed.routedAt().plus(Duration.ofMinutes(60)));
        assertThat(routed.post()).isEqualTo(classified);
        // and cases.events has its routed event, keyed by case id
        List<CaseEvent> events = await().atMost(WITHIN).until(() -> caseEvents(routed.caseId()), l -> !l.isEmpty());
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(CaseEventType.ROUTED);
            assertThat(event.postId()).isEqualTo(postId);
            assertThat(event.teamId()).isEqualTo("benefits-horizontal");
            assertThat(event.details()).containsEntry("reason", routed.reason());
        });
        // and the case is stored: the team's queue lists it, open, with its policy file
        JsonNode page = json(mvc.get().uri("/api/teams/benefits-horizontal/cases?status=open&priority=normal&size=100"));
        JsonNode item = itemWithPostId(page, postId);
        assertThat(item.get("id").asString()).isEqualTo(routed.caseId());
        assertThat(item.get("teamId").asString()).isEqualTo("benefits-horizontal");
        assertThat(item.get("policyFile").asString()).isEqualTo("employment-insurance");
        assertThat(item.get("issueKind").asString()).isEqualTo("complaint");
        assertThat(item.get("language").asString()).isEqualTo("en");
        assertThat(item.get("status").asString()).isEqualTo("open");
        assertThat(item.get("priority").asString()).isEqualTo("normal");
        assertThat(Instant.parse(item.get("dueBy").asString())).isEqualTo(routed.dueBy());
        assertThat(Instant.parse(item.get("routedAt").asString())).isEqualTo(routed.routedAt());
        assertThat(item.get("reason").asString()).isEqualTo(routed.reason());
        assertThat(item.get("author").asString()).isEqualTo("@someone");
        assertThat(item.get("platform").asString()).isEqualTo("mastodon");
        assertThat(item.get("text").asString()).isEqualTo(classified.post().text());
        assertThat(item.get("url").asString()).isEqualTo(classified.post().url());
        assertThat(Instant.parse(item.get("createdAt").asString())).isEqualTo(classified.post().createdAt());
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(100);
        assertThat(page.get("total").asLong()).isEqualTo(page.get("items").size());
        // and the pipeline latency (from the post's receivedAt) and the team's routed count are measured
        assertThat(meters.get("issuedesk.pipeline.latency").timer().count()).isPositive();
        assertThat(meters.get("issuedesk.cases.routed").tag("team", "benefits-horizontal").counter().count()).isPositive();
        // and the case's history is its routed event
        JsonNode details = json(mvc.get().uri("/api/cases/{id}", routed.caseId()));
        assertThat(details.get("postId").asString()).isEqualTo(postId);
        assertThat(details.get("history")).hasSize(1);
        assertThat(details.get("history").get(0).get("type").asString()).isEqualTo("routed");
        assertThat(details.get("history").get(0).get("eventId").asString()).isEqualTo(events.get(0).eventId());
    }

    @Test
    void shouldRouteAPostWithoutPolicyFileToTriage() {
        // Given a post that concerns no policy file
        ClassifiedPost classified = ClassifiedPosts.about(null, IssueKind.OTHER);

        // When it is published
        send(classified);

        // Then it lands in triage's queue, low priority, saying why
        RoutedCase routed = await().atMost(WITHIN)
                .until(() -> routedCases("triage", classified.post().id()), l -> l.size() == 1).get(0);
        assertThat(routed.teamId()).isEqualTo("triage");
        assertThat(routed.priority()).isEqualTo(Priority.LOW);
        assertThat(routed.reason()).isEqualTo("no policy file → triage");
        assertThat(routed.priority()).isEqualTo(Priority.LOW);
        assertThat(storedCases(classified.post().id())).isEqualTo(1);
    }

    @Test
    void shouldCreateOneCaseAndOneQueueRecordWhenTheSamePostArrivesTwice() {
        // Given a misinformation post, published twice as two messages, then another post
        ClassifiedPost classified = ClassifiedPosts.about("passports", IssueKind.MISINFORMATION);
        ClassifiedPost next = ClassifiedPosts.about("tax-benefits", IssueKind.PRAISE);

        // When they are routed
        send(classified);
        send(classified);
        send(next);
        await().atMost(WITHIN).until(() -> routedCases("tax-horizontal", next.post().id()), l -> l.size() == 1);

        // Then the duplicate, handled before the next post, made neither a case nor a queue record
        assertThat(storedCases(classified.post().id())).isEqualTo(1);
        List<RoutedCase> queued = routedCases("travel-documents-horizontal", classified.post().id());
        assertThat(queued).singleElement().satisfies(routed -> assertThat(routed.priority()).isEqualTo(Priority.HIGH));
        assertThat(caseEvents(queued.get(0).caseId())).hasSize(1);
    }

    @Test
    void shouldPublishTheStoredCaseAgainWhenTheRecordThatCreatedItIsRedelivered() throws Exception {
        // Given a case already stored from the next record of posts.classified, as when the service stopped
        // after the database commit and before the Kafka commit
        ClassifiedPost classified = ClassifiedPosts.about("climate-carbon", IssueKind.QUESTION);
        long nextOffset = endOffset(POSTS_CLASSIFIED);
        // routed now and due in two hours, so that the SLA scan cannot escalate it while the test runs
        Instant routedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RoutedCase stored = new RoutedCase(RoutedCase.SCHEMA_VERSION, UUID.randomUUID().toString(), "climate-horizontal",
                Priority.NORMAL, routedAt.plus(Duration.ofMinutes(120)), "owned by climate-horizontal (policy file climate-carbon)",
                classified, routedAt);
        CaseEvent storedEvent = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), stored.caseId(),
                CaseEventType.ROUTED, classified.post().id(), "climate-horizontal", "system", Map.of("reason", stored.reason()),
                routedAt);
        cases.recordIfAbsent(stored, storedEvent,
                new CaseRepository.Source(0, nextOffset));

        // When that record is delivered (again)
        long offset = send(classified);

        // Then the stored case is what gets published, with its stored event, and no second case exists
        assertThat(offset).isEqualTo(nextOffset);
        List<RoutedCase> queued = await().atMost(WITHIN)
                .until(() -> routedCases("climate-horizontal", classified.post().id()), l -> !l.isEmpty());
        assertThat(queued).containsExactly(stored);
        assertThat(await().atMost(WITHIN).until(() -> caseEvents(stored.caseId()), l -> !l.isEmpty()))
                .containsExactly(storedEvent);
        assertThat(storedCases(classified.post().id())).isEqualTo(1);
    }

    @Test
    void shouldSendAPoisonRecordToTheDeadLetterTopicAndRouteTheNextOne() throws Exception {
        // Given a record that is not a ClassifiedPost, followed by a good one
        String poisonKey = "poison-" + UUID.randomUUID();
        byte[] poison = "{\"post\": not json".getBytes(StandardCharsets.UTF_8);
        ClassifiedPost next = ClassifiedPosts.about("public-service-pay", IssueKind.COMPLAINT);

        // When both are published
        producer.send(new ProducerRecord<>(POSTS_CLASSIFIED, 0, poisonKey, poison)).get(10, TimeUnit.SECONDS);
        send(next);

        // Then the poison record is on the dead-letter topic, as it was, and the next post is routed
        ConsumerRecord<String, byte[]> dead = await().atMost(WITHIN)
                .until(() -> records(Topics.POSTS_CLASSIFIED.deadLetter()).stream()
                        .filter(r -> poisonKey.equals(r.key())).toList(), l -> l.size() == 1).get(0);
        assertThat(dead.value()).isEqualTo(poison);
        await().atMost(WITHIN).until(() -> routedCases("workplace-horizontal", next.post().id()), l -> l.size() == 1);
        assertThat(storedCases(next.post().id())).isEqualTo(1);
    }

    @Test
    void shouldRouteAPollOfPostsExactlyOnceAroundDuplicatesAndAPoisonRecord() {
        // Given 30 posts, each of the first ten twice, and a poison record among them, sent together so that
        // they arrive in few polls (one Kafka and one database transaction each)
        List<ClassifiedPost> posts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            posts.add(ClassifiedPosts.about("employment-insurance", IssueKind.COMPLAINT));
        }
        String poisonKey = "poison-" + UUID.randomUUID();

        // When
        for (int i = 0; i < posts.size(); i++) {
            if (i == 15) {
                producer.send(new ProducerRecord<>(POSTS_CLASSIFIED, 0, poisonKey, "[1,".getBytes(StandardCharsets.UTF_8)));
            }
            sendAsync(posts.get(i));
            if (i < 10) {
                sendAsync(posts.get(i));
            }
        }
        producer.flush();

        // Then every post has one case and one queue record, and the poison record is dead-lettered once
        String queue = Topics.teamQueue("benefits-horizontal").name();
        Set<String> ids = posts.stream().map(p -> p.post().id()).collect(Collectors.toSet());
        await().atMost(WITHIN).until(() -> records(queue).stream().filter(r -> ids.contains(r.key()))
                .map(ConsumerRecord::key).collect(Collectors.toSet()), s -> s.equals(ids));
        assertThat(records(queue).stream().filter(r -> ids.contains(r.key())).count()).isEqualTo(posts.size());
        posts.forEach(post -> assertThat(storedCases(post.post().id())).isEqualTo(1));
        assertThat(await().atMost(WITHIN).until(() -> records(Topics.POSTS_CLASSIFIED.deadLetter()).stream()
                .filter(r -> poisonKey.equals(r.key())).count(), n -> n > 0)).isEqualTo(1);
    }

    @Test
    void shouldSendAClassifiedPostThatCannotBeRoutedToTheDeadLetterTopic() throws Exception {
        // Given a ClassifiedPost without an issue kind
        ClassifiedPost valid = ClassifiedPosts.about("pensions", IssueKind.QUESTION);
        ClassifiedPost invalid = new ClassifiedPost(ClassifiedPost.SCHEMA_VERSION, valid.post(), "pensions", 0.9, null,
                0.0, "en", List.of(), "terms-1", Instant.now());

        // When it is published
        send(invalid);

        // Then it goes to the dead-letter topic with the reason, and makes no case
        ConsumerRecord<String, byte[]> dead = await().atMost(WITHIN)
                .until(() -> records(Topics.POSTS_CLASSIFIED.deadLetter()).stream()
                        .filter(r -> valid.post().id().equals(r.key())).toList(), l -> l.size() == 1).get(0);
        assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
                .contains("issueKind is missing");
        assertThat(storedCases(valid.post().id())).isZero();
    }

    @Test
    void shouldServeTheTeamsAndTheirPolicyFiles() throws Exception {
        JsonNode teams = json(mvc.get().uri("/api/teams"));
        assertThat(teams.valueStream().map(t -> t.get("id").asString()).toList()).startsWith("benefits-horizontal",
                "travel-documents-horizontal", "tax-horizontal", "climate-horizontal", "workplace-horizontal", "triage");

        JsonNode benefits = json(mvc.get().uri("/api/teams/benefits-horizontal"));
        assertThat(benefits.get("name").get("fr").asString()).isEqualTo("Équipe horizontale des prestations");
        assertThat(benefits.get("firstResponseSlaMinutes").asInt()).isEqualTo(60);
        assertThat(benefits.get("owns").valueStream().map(JsonNode::asString).toList())
                .containsExactly("employment-insurance", "pensions");
        assertThat(benefits.get("members").get(2).get("function").asString()).isEqualTo("media-relations");
    }

    @Test
    void shouldCreateATeamWithItsQueueTopicThenUpdateAndDeleteIt() throws Exception {
        // Given a new team that owns a policy file nobody owns yet
        String team = """
                {"name": {"en": "Space", "fr": "Espace"}, "firstResponseSlaMinutes": 45, "owns": ["space-program"],
                 "consults": ["benefits-horizontal"], "assignment": "balanced",
                 "members": [{"handle": "ana.s", "function": "policy", "lead": true, "languages": ["en", "fr"], "capacity": 3},
                             {"handle": "bo.t", "function": "communications", "availability": "away"}]}""";

        // When it is PUT, then PUT again with a longer SLA
        MvcTestResult created = mvc.put().uri("/api/teams/space-team").contentType(MediaType.APPLICATION_JSON).content(team).exchange();
        MvcTestResult updated = mvc.put().uri("/api/teams/space-team").contentType(MediaType.APPLICATION_JSON)
                .content(team.replace("45", "90")).exchange();

        // Then it was created (201) with its queue topic, then updated (200), and it owns its file
        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(updated).hasStatusOk();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("team-queue.space-team");
        }
        JsonNode stored = json(mvc.get().uri("/api/teams/space-team"));
        assertThat(stored.get("firstResponseSlaMinutes").asInt()).isEqualTo(90);
        assertThat(stored.get("assignment").asString()).isEqualTo("balanced");
        assertThat(stored.get("consults").get(0).asString()).isEqualTo("benefits-horizontal");
        assertThat(stored.get("members").get(0).get("lead").asBoolean()).isTrue();
        assertThat(stored.get("members").get(1).get("availability").asString()).isEqualTo("away");
        assertThat(stored.get("members").get(1).get("capacity").asInt()).isEqualTo(10);
        ClassifiedPost classified = ClassifiedPosts.about("space-program", IssueKind.QUESTION);
        send(classified);
        RoutedCase routed = await().atMost(WITHIN)
                .until(() -> routedCases("space-team", classified.post().id()), l -> l.size() == 1).get(0);
        // and its new case went to the one member available (balanced mode; bo.t is away), announced after routed
        JsonNode item = itemWithPostId(json(mvc.get().uri("/api/teams/space-team/cases")), classified.post().id());
        assertThat(item.get("status").asString()).isEqualTo("assigned");
        assertThat(item.get("assignee").asString()).isEqualTo("ana.s");
        assertThat(await().atMost(WITHIN).until(() -> caseEvents(routed.caseId()), l -> l.size() == 2))
                .extracting(CaseEvent::type).containsExactly(CaseEventType.ROUTED, CaseEventType.ASSIGNED);

        // and it cannot be deleted while it has an unresolved case
        assertThat(mvc.delete().uri("/api/teams/space-team").exchange()).hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void shouldRefuseASecondOwnerOfAPolicyFileWith409() {
        // Given passports, owned by the travel documents team
        String team = """
                {"name": {"en": "Rival", "fr": "Rivale"}, "firstResponseSlaMinutes": 30, "owns": ["passports"],
                 "members": [{"handle": "rae.n", "function": "policy"}]}""";

        // When another team claims it
        MvcTestResult result = mvc.put().uri("/api/teams/rival-team").contentType(MediaType.APPLICATION_JSON).content(team).exchange();

        // Then 409 problem+json naming the owner, and nothing is created
        assertThat(result).hasStatus(HttpStatus.CONFLICT).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("passports (owned by travel-documents-horizontal)");
        assertThat(mvc.get().uri("/api/teams/rival-team").exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void shouldDeleteATeamButNeverTriageAndRejectAnInvalidTeam() {
        String team = """
                {"name": {"en": "Short-lived", "fr": "Éphémère"}, "firstResponseSlaMinutes": 30,
                 "members": [{"handle": "kai.o", "function": "advocacy"}]}""";
        assertThat(mvc.put().uri("/api/teams/short-lived").contentType(MediaType.APPLICATION_JSON).content(team).exchange())
                .hasStatus(HttpStatus.CREATED);

        assertThat(mvc.delete().uri("/api/teams/short-lived").exchange()).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/api/teams/short-lived").exchange()).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.delete().uri("/api/teams/triage").exchange()).hasStatus(HttpStatus.CONFLICT)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        MvcTestResult invalid = mvc.put().uri("/api/teams/bad-team").contentType(MediaType.APPLICATION_JSON)
                .content(team.replace("\"advocacy\"}", "\"advocacy\", \"languages\": [\"de\"]}")).exchange();
        assertThat(invalid).hasStatus(HttpStatus.BAD_REQUEST).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(invalid).bodyJson().extractingPath("$.detail").asString().contains("languages must be en and/or fr");
    }

    @Test
    void shouldDeclareATopicPerTeamAndTheTopicsItWrites() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(topics).contains("team-queue.benefits-horizontal", "team-queue.travel-documents-horizontal",
                    "team-queue.tax-horizontal", "team-queue.climate-horizontal", "team-queue.workplace-horizontal",
                    "team-queue.triage", "cases.events", "routing.feedback", "posts.classified-dlt");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "/api/teams/no-such-team, No team with id 'no-such-team'.",
            "/api/teams/no-such-team/cases, No team with id 'no-such-team'.",
            "/api/cases/no-such-case, No case with id 'no-such-case'."})
    void shouldAnswer404ProblemJsonForAnUnknownTeamOrCase(String uri, String detail) {
        MvcTestResult result = mvc.get().uri(uri).exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(detail);
    }

    @ParameterizedTest
    @CsvSource({
            "status=bogus, status", "priority=top, priority", "page=-1, page", "page=abc, page",
            "size=0, size", "size=101, size", "size=ten, size"})
    void shouldAnswer400ProblemJsonNamingABadQueryParameter(String query, String parameter) {
        MvcTestResult result = mvc.get().uri("/api/teams/triage/cases?" + query).exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(parameter);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(parameter);
    }

    @Test
    void shouldBeReadyWithKafkaAndTheDatabase() {
        MvcTestResult result = mvc.get().uri("/actuator/health/readiness").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("UP");
        assertThat(result).bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
        assertThat(result).bodyJson().extractingPath("$.components.kafka.status").isEqualTo("UP");
    }

    // --- helpers --------------------------------------------------------------------------------------

    /** Publishes as the classifier does (key = post id), on the one partition; returns the offset. */
    private static long send(ClassifiedPost classified) {
        try {
            return producer.send(new ProducerRecord<>(POSTS_CLASSIFIED, 0, classified.post().id(),
                    EventJson.mapper().writeValueAsBytes(classified))).get(10, TimeUnit.SECONDS).offset();
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish a test record", e);
        }
    }

    private static void sendAsync(ClassifiedPost classified) {
        producer.send(new ProducerRecord<>(POSTS_CLASSIFIED, 0, classified.post().id(),
                EventJson.mapper().writeValueAsBytes(classified)));
    }

    private List<RoutedCase> routedCases(String teamId, String postId) {
        return records(Topics.teamQueue(teamId).name()).stream()
                .filter(r -> postId.equals(r.key()))
                .map(r -> EventJson.mapper().readValue(r.value(), RoutedCase.class))
                .toList();
    }

    private List<CaseEvent> caseEvents(String caseId) {
        return records(Topics.CASES_EVENTS.name()).stream()
                .filter(r -> caseId.equals(r.key()))
                .map(r -> EventJson.mapper().readValue(r.value(), CaseEvent.class))
                .toList();
    }

    private long storedCases(String postId) {
        return jdbc.sql("SELECT COUNT(*) FROM cases WHERE post_id = :postId").param("postId", postId)
                .query(Long.class).single();
    }

    /** Every committed record of a topic, as a read_committed consumer sees it now. */
    private List<ConsumerRecord<String, byte[]>> records(String topic) {
        return TopicRecords.committed(broker.getBrokersAsString(), topic);
    }

    private long endOffset(String topic) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    private JsonNode json(MockMvcTester.MockMvcRequestBuilder request) throws Exception {
        MvcTestResult result = request.exchange();
        assertThat(result).hasStatusOk();
        return EventJson.mapper().readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static JsonNode itemWithPostId(JsonNode page, String postId) {
        List<JsonNode> items = page.get("items").valueStream().filter(i -> postId.equals(i.get("postId").asString()))
                .collect(Collectors.toList());
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
