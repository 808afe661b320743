package org.issuedesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.testsupport.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;

/**
 * The service over a real (in-process KRaft) broker: posts.raw in, posts.classified out, poison
 * records to posts.raw-dlt, and the REST API. One broker and one context for the whole class.
 */
@SpringBootTest(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@AutoConfigureMockMvc
// one partition, so the poison record and the post after it are read in that order
@EmbeddedKafka(partitions = 1, topics = "posts.raw")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassifierServiceTest {

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MockMvc mvc;
    @Autowired
    KafkaAdmin admin;

    private Producer<String, byte[]> producer;
    private Consumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    void connect() {
        Map<String, Object> producerProps = KafkaTestUtils.producerProps(broker);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumerProps = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.POSTS_CLASSIFIED.name(), Topics.POSTS_RAW.deadLetter()));
    }

    @AfterAll
    void disconnect() {
        producer.close();
        consumer.close();
    }

    @Test
    void shouldPublishTheClassifiedPostKeyedByPostId() {
        // Given
        SocialPost post = socialPost("mastodon:1234", "Still no news on my EI claim after 6 weeks");

        // When
        send(post.id(), EventJson.mapper().writeValueAsBytes(post));

        // Then
        ClassifiedPost classified = awaitClassified(post.id());
        assertThat(classified.post()).isEqualTo(post);
        assertThat(classified.policyFile()).isEqualTo("employment-insurance");
        assertThat(classified.confidence()).isBetween(0.5, 1.0);
        assertThat(classified.language()).isEqualTo("en");
        assertThat(classified.evidence()).contains("term \"EI claim\" (en)");
        assertThat(classified.classifierVersion()).startsWith("hybrid-1+");
        assertThat(classified.schemaVersion()).isEqualTo(ClassifiedPost.SCHEMA_VERSION);
        assertThat(classified.classifiedAt()).isNotNull();
        // read by the service's own consumer group, which commits once the post is published
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    client.listConsumerGroupOffsets("classifier-service").partitionsToOffsetAndMetadata().get())
                    .containsKey(new TopicPartition(Topics.POSTS_RAW.name(), 0)));
        }
    }

    @Test
    void shouldDeadLetterAPoisonRecordAndClassifyThePostAfterIt() {
        // Given a record that is not JSON, then a good post
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
        SocialPost good = socialPost("x:after-poison", "Le bureau des passeports de Laval était plein encore");

        // When
        send("x:poison", poison);
        send(good.id(), EventJson.mapper().writeValueAsBytes(good));

        // Then the poison record is on the dead-letter topic as it was, and the stream went on
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(received).anySatisfy(r -> {
                assertThat(r.topic()).isEqualTo("posts.raw-dlt");
                assertThat(r.key()).isEqualTo("x:poison");
                assertThat(r.value()).isEqualTo(poison);
            });
        });
        assertThat(awaitClassified(good.id()).policyFile()).isEqualTo("passports");
    }

    @Test
    void shouldDeadLetterJsonThatIsNoPostAndClassifyThePostAfterIt() {
        // Given valid JSON of the wrong shape (no id, no text), then a good post
        byte[] wrongShape = "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8);
        SocialPost good = socialPost("x:after-wrong-shape", "Still no news on my EI claim after 6 weeks");

        // When
        send("x:wrong-shape", wrongShape);
        send(good.id(), EventJson.mapper().writeValueAsBytes(good));

        // Then it is on the dead-letter topic, not classified, and the stream went on
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(received).anySatisfy(r -> {
                assertThat(r.topic()).isEqualTo("posts.raw-dlt");
                assertThat(r.key()).isEqualTo("x:wrong-shape");
            });
        });
        assertThat(awaitClassified(good.id()).policyFile()).isEqualTo("employment-insurance");
        assertThat(received).noneSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("posts.classified");
            assertThat(r.key()).isEqualTo("x:wrong-shape");
        });
    }

    @Test
    void shouldPublishEveryPostOfAPollExactlyOnceAroundAPoisonRecord() {
        // Given posts, a poison record and more posts, sent together so that they arrive in one poll
        List<SocialPost> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            posts.add(socialPost("x:poll-" + i, "Still no news on my EI claim after " + i + " weeks"));
        }
        byte[] poison = "{not json either".getBytes(StandardCharsets.UTF_8);

        // When
        for (int i = 0; i < posts.size(); i++) {
            if (i == 10) {
                producer.send(new ProducerRecord<>(Topics.POSTS_RAW.name(), "x:poll-poison", poison));
            }
            producer.send(new ProducerRecord<>(Topics.POSTS_RAW.name(), posts.get(i).id(),
                    EventJson.mapper().writeValueAsBytes(posts.get(i))));
        }
        producer.flush();

        // Then every post is classified once (none re-published when the batch stopped at the poison
        // record), and the poison record is dead-lettered once
        posts.forEach(post -> awaitClassified(post.id()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            assertThat(received).filteredOn(r -> "x:poll-poison".equals(r.key()))
                    .singleElement().satisfies(r -> assertThat(r.topic()).isEqualTo("posts.raw-dlt"));
        });
    }

    @Test
    void shouldContinueThePostsTraceOnPostsClassified() {
        // Given a post that arrives with a W3C traceparent (as ingest publishes it)
        SocialPost post = socialPost("x:traced", "Still no news on my EI claim after 6 weeks");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var record = new ProducerRecord<String, byte[]>(Topics.POSTS_RAW.name(), post.id(),
                EventJson.mapper().writeValueAsBytes(post));
        record.headers().add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));

        // When
        producer.send(record);
        producer.flush();

        // Then the classified post carries the same trace (a batch listener starts no trace of its own)
        awaitClassified(post.id());
        ConsumerRecord<String, byte[]> classified = received.stream()
                .filter(r -> r.topic().equals(Topics.POSTS_CLASSIFIED.name()) && post.id().equals(r.key()))
                .findFirst().orElseThrow();
        assertThat(new String(classified.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .startsWith("00-" + traceId + "-");
    }

    @Test
    void shouldClassifyABatchInOrderWithoutPublishing() throws Exception {
        // Given
        String body = """
                {"posts":[
                  {"id":"api-1","text":"Still no news on my EI claim after 6 weeks","lang":"en","platform":"x"},
                  {"id":"api-2","text":"Finally got a carbon fibre gravel bike. 8.4 kg."},
                  {"id":"api-3","text":"Mon passeport est-il prêt? Ça fait 6 semaines","lang":"fr","author":"@moi"}
                ]}""";

        // When
        String response = mvc.perform(post("/api/classify").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        // Then same order, a JSON null policy file for the off-topic post
        JsonNode results = EventJson.mapper().readTree(response).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("id").asString()).isEqualTo("api-1");
        assertThat(results.get(0).get("policyFile").asString()).isEqualTo("employment-insurance");
        assertThat(results.get(0).get("evidence").toString()).contains("term \\\"EI claim\\\" (en)");
        assertThat(results.get(1).get("id").asString()).isEqualTo("api-2");
        assertThat(results.get(1).has("policyFile")).isTrue();
        assertThat(results.get(1).get("policyFile").isNull()).isTrue();
        assertThat(results.get(1).get("confidence").asDouble()).isZero();
        assertThat(results.get(1).get("issueKind").asString()).isEqualTo("other");
        assertThat(results.get(2).get("id").asString()).isEqualTo("api-3");
        assertThat(results.get(2).get("policyFile").asString()).isEqualTo("passports");
        assertThat(results.get(2).get("issueKind").asString()).isEqualTo(IssueKind.QUESTION.id());
        assertThat(results.get(2).get("language").asString()).isEqualTo("fr");
        assertThat(results.get(0).propertyNames()).containsExactlyInAnyOrder(
                "id", "policyFile", "confidence", "issueKind", "language", "evidence");
    }

    @Test
    void shouldRefuseMorePostsThanTheLimit() throws Exception {
        // Given 101 posts, one more than the default limit
        String posts = IntStream.rangeClosed(1, 101)
                .mapToObj(i -> "{\"id\":\"p" + i + "\",\"text\":\"EI\"}")
                .collect(Collectors.joining(","));

        // When / Then
        mvc.perform(post("/api/classify").contentType(MediaType.APPLICATION_JSON).content("{\"posts\":[" + posts + "]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("posts"))
                .andExpect(jsonPath("$.errors[0].message").value("at most 100 posts per request, got 101"));
    }

    @Test
    void shouldNameTheFieldOfAnInvalidPost() throws Exception {
        // Given a post without text and one with an over-long text
        String body = "{\"posts\":[{\"id\":\"a\"},{\"id\":\"b\",\"text\":\"" + "x".repeat(20_001) + "\"}]}";

        // When / Then
        mvc.perform(post("/api/classify").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "posts[0].text", "posts[1].text")));
        mvc.perform(post("/api/classify").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("posts"));
    }

    @Test
    void shouldServeThePolicyFilesOfTheRegistry() throws Exception {
        mvc.perform(get("/api/policy-files"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(8))
                .andExpect(jsonPath("$[0].id").value("employment-insurance"));
        mvc.perform(get("/api/policy-files/passports"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name.fr").value("Passeports"))
                .andExpect(jsonPath("$.terms.fr[0]").value("passeport"));
        mvc.perform(get("/api/policy-files/no-such-file"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("No policy file with id 'no-such-file'."));
    }

    @Test
    void shouldDeclareTheTopicsItWrites() {
        // When
        Map<String, TopicDescription> topics = admin.describeTopics("posts.classified", "registry.policy-files",
                "issues.alerts", "posts.raw-dlt");

        // Then
        assertThat(topics).containsOnlyKeys("posts.classified", "registry.policy-files", "issues.alerts", "posts.raw-dlt");
        assertThat(topics.get("posts.classified").partitions()).hasSize(3);
    }

    @Test
    void shouldBeReadyWhenTheBrokerIs() throws Exception {
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
    }

    private static SocialPost socialPost(String id, String text) {
        String[] parts = id.split(":", 2);
        return new SocialPost(SocialPost.SCHEMA_VERSION, id, parts[0], parts[1], "@someone", text,
                Instant.parse("2026-11-20T14:03:00Z"), "en", null, List.of(), List.of(), List.of(), null,
                Instant.parse("2026-11-20T14:03:01Z"));
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.POSTS_RAW.name(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to posts.raw", e);
        }
    }

    private ClassifiedPost awaitClassified(String postId) {
        List<ClassifiedPost> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            poll();
            found.clear();
            received.stream()
                    .filter(r -> r.topic().equals(Topics.POSTS_CLASSIFIED.name()) && postId.equals(r.key()))
                    .map(r -> EventJson.mapper().readValue(r.value(), ClassifiedPost.class))
                    .forEach(found::add);
            assertThat(found).hasSize(1);
        });
        return found.get(0);
    }

    private synchronized void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
    }

    @Test
    void shouldLetAnyRoleClassifyAndReadButOnlyAdminsChangePolicyFiles() throws Exception {
        // Given callers the gateway vouched for, none of them admin
        String analyst = TestIdentity.analyst("anna");
        String lead = TestIdentity.lead("leo", "passports-horizontal");

        // Then they classify and read, but a write is refused before its body is even read
        mvc.perform(post("/api/classify").header(TestIdentity.HEADER, analyst).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"posts\":[{\"id\":\"a1\",\"text\":\"My passport renewal is late\"}]}"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/policy-files").header(TestIdentity.HEADER, analyst)).andExpect(status().isOk());
        mvc.perform(put("/api/policy-files/passports").header(TestIdentity.HEADER, lead)
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/api/policy-files/passports").header(TestIdentity.HEADER, analyst))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/policy-files/passports").header(TestIdentity.HEADER, TestIdentity.ingest("feeder")))
                .andExpect(status().isOk());
    }
}
