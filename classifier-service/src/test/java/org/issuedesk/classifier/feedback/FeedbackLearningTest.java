package org.issuedesk.classifier.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issuedesk.classifier.classification.AdaptiveClassifier;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.kafka.EventSerializer;
import org.issuedesk.contracts.routing.RoutingFeedback;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;

/**
 * Learning from corrections over a real (in-process KRaft) broker: a team's relabel on
 * {@code routing.feedback} changes how similar posts are tagged afterwards.
 */
@SpringBootTest(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1, topics = {"posts.raw", "routing.feedback"})
class FeedbackLearningTest {

    /** The dental benefit is paid through the tax agency, but no registry term or example says so. */
    private static final String SIMILAR_POST = "Applied for the kids dental benefit in June and still nothing paid";

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MockMvc mvc;
    @Autowired
    AdaptiveClassifier classifier;

    @Test
    void shouldTagSimilarPostsAsATeamCorrectedThem() throws Exception {
        // Given a post the shipped model does not place in tax-benefits
        JsonNode before = classify(SIMILAR_POST);
        assertThat(before.get("policyFile").isNull() ? null : before.get("policyFile").asString())
                .isNotEqualTo("tax-benefits");

        // When a team corrects three posts about the dental benefit to tax-benefits
        Map<String, Object> config = KafkaTestUtils.producerProps(broker);
        try (Producer<String, Object> producer = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer())) {
            String[] corrected = {
                "The dental benefit for my kids still has not been paid, applied in June",
                "Dental benefit for children: applied 3 months ago, nothing paid yet",
                "Where is the kids dental benefit payment? Applied in the summer"};
            for (int i = 0; i < corrected.length; i++) {
                producer.send(new ProducerRecord<>(Topics.ROUTING_FEEDBACK.name(), "fb-" + i, new RoutingFeedback(
                        RoutingFeedback.SCHEMA_VERSION, "fb-" + i, "case-" + i, corrected[i], "en", null, "tax-benefits",
                        IssueKind.OTHER, IssueKind.COMPLAINT, "agent@tax", Instant.now()))).get();
            }
        }

        // Then a similar post is tagged as corrected, by a model whose version counts the corrections
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode after = classify(SIMILAR_POST);
            assertThat(after.get("policyFile").asString()).isEqualTo("tax-benefits");
            assertThat(classifier.version()).contains(".3c.");
        });
    }

    @Test
    void shouldDeadLetterAnUnreadableCorrectionAndLeaveNoConsumerGroupBehind() throws Exception {
        // Given a correction that is not JSON
        byte[] poison = "{not a correction".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = KafkaTestUtils.producerProps(broker);
        try (Producer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ROUTING_FEEDBACK.name(), "fb-poison", poison)).get();
        }

        // Then it reaches routing.feedback-dlt as it was
        Map<String, Object> consumerConfig = KafkaTestUtils.consumerProps(broker, "test-dlt", false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig,
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ROUTING_FEEDBACK.deadLetter()));
            List<byte[]> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if ("fb-poison".equals(r.key())) {
                        dead.add(r.value());
                    }
                });
                assertThat(dead).containsExactly(poison);
            });
        }
        // and reading the whole topic joined no consumer group (each instance used to leave one behind)
        try (var admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            assertThat(admin.listGroups().all().get())
                    .extracting(GroupListing::groupId)
                    .noneMatch(group -> group.startsWith("classifier-service-feedback"));
        }
    }

    private JsonNode classify(String text) throws Exception {
        String body = "{\"posts\":[{\"id\":\"p\",\"text\":\"" + text + "\",\"lang\":\"en\"}]}";
        String response = mvc.perform(post("/api/classify").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return EventJson.mapper().readTree(response).get("results").get(0);
    }
}
