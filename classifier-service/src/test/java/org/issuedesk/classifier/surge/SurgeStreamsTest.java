package org.issuedesk.classifier.surge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.issuedesk.classifier.surge.SurgePosts.post;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.issuedesk.classifier.surge.SurgePosts.TestClock;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The detector inside the service, over a real (in-process KRaft) broker: a burst on passports raises
 * one alert, the Kafka Streams application is restarted in the middle of the burst with its local state
 * deleted (so the state comes back from its changelog topic), and the same alert is updated and closed
 * afterwards. Event time comes from the posts; the service clock is the test's.
 */
@SpringBootTest(properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        // one partition of posts.classified: the posts of a file reach the detector in event-time order even
        // though they are all sent before it catches up (see docs/alerts.md on catching up)
        "issuedesk.kafka.partitions=1",
        // a Streams member does not leave its group on close (only static members can): the restarted one
        // gets the task once the stopped one's session expires, 6 s (the broker's minimum) instead of 45 s
        "spring.kafka.streams.properties.session.timeout.ms=6000"})
@EmbeddedKafka(partitions = 1, topics = {"posts.classified", "issues.alerts"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SurgeStreamsTest {

    // Event time starts a few hours back, not on a fixed date: the broker's time retention (7 days) deletes
    // records whose timestamps are older, and posts sent after the restart would vanish before being read.
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
    static final Duration WITHIN = Duration.ofMinutes(3);

    @TestConfiguration
    static class ServiceClock {
        @Bean
        Clock clock() {
            return new TestClock(T0);
        }
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    StreamsBuilderFactoryBean surgeStreams;

    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private final List<IssueAlert> received = new CopyOnWriteArrayList<>();
    private int ids;

    @BeforeAll
    void connect() {
        producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker), new StringSerializer(),
                new ByteArraySerializer());
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.ISSUES_ALERTS.name()));
    }

    @AfterAll
    void disconnect() {
        producer.close();
        consumer.close();
    }

    @Test
    void shouldKeepOneAlertThroughARestartInTheMiddleOfABurstAndCloseItAfter() {
        // Given: 5 posts per 10 minutes on passports for 3 hours, then the first half of a burst of 200
        Instant burst = T0.plus(Duration.ofHours(3));
        List<ClassifiedPost> before = new ArrayList<>(steady(T0, burst));
        List<String> burstIds = new ArrayList<>();
        before.addAll(burst(burst, 0, 100, burstIds));
        send(before);
        IssueAlert open = awaitAlert(AlertState.OPEN);
        assertThat(open.policyFile()).isEqualTo("passports");
        assertThat(open.openedAt()).isEqualTo(burst.plus(Duration.ofMinutes(1)));
        assertThat(open.count()).isEqualTo(24);
        assertThat(open.baseline()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.5));

        // When: the detector stops, loses its local state, starts again, and the burst goes on
        KafkaStreams first = surgeStreams.getKafkaStreams();
        Path stateFolder = Path.of(surgeStreams.getStreamsConfiguration().getProperty(StreamsConfig.STATE_DIR_CONFIG));
        assertThat(stateFolder).isDirectory();
        surgeStreams.stop();
        assertThat(stateFolder).doesNotExist(); // no state-dir set: this start's folder goes with it
        surgeStreams.start();
        assertThat(surgeStreams.getKafkaStreams()).isNotSameAs(first);
        List<ClassifiedPost> after = new ArrayList<>(burst(burst, 100, 200, burstIds));
        after.addAll(steady(burst.plus(Duration.ofMinutes(10)), burst.plus(Duration.ofMinutes(40))));
        send(after);

        // Then: the same alert grows and closes; no second alert was opened
        IssueAlert closed = awaitAlert(AlertState.CLOSED);
        assertThat(closed.alertId()).isEqualTo(open.alertId());
        assertThat(received).extracting(IssueAlert::alertId).containsOnly(open.alertId());
        assertThat(received).filteredOn(a -> a.state() == AlertState.OPEN)
                .extracting(IssueAlert::raisedAt).containsOnly(open.raisedAt());
        assertThat(received).filteredOn(a -> a.state() == AlertState.UPDATED)
                .anySatisfy(a -> assertThat(a.raisedAt()).isAfter(burst.plus(Duration.ofMinutes(5))));
        assertThat(received).extracting(IssueAlert::count).anySatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(100));
        assertThat(burstIds).containsAll(open.samplePostIds());
        assertThat(closed.raisedAt()).isBetween(burst.plus(Duration.ofMinutes(10)), burst.plus(Duration.ofMinutes(25)));
    }

    private List<ClassifiedPost> steady(Instant from, Instant to) {
        List<ClassifiedPost> posts = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(2))) {
            posts.add(post("x:" + ids++, "passports", IssueKind.QUESTION, "When will my passport arrive", t));
        }
        return posts;
    }

    /** Posts {@code from} to {@code to} of a burst of 200 spread evenly over 10 minutes. */
    private List<ClassifiedPost> burst(Instant start, int from, int to, List<String> burstIds) {
        List<ClassifiedPost> posts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String id = "burst:" + ids++;
            posts.add(post(id, "passports", IssueKind.COMPLAINT, "Passport office in Gatineau closed #passport",
                    start.plusMillis(3_000L * i)));
            burstIds.add(id);
        }
        return posts;
    }

    private void send(List<ClassifiedPost> posts) {
        posts.stream().sorted(Comparator.comparing(p -> p.post().createdAt())).forEach(p -> producer.send(
                new ProducerRecord<>(Topics.POSTS_CLASSIFIED.name(), null, p.post().createdAt().toEpochMilli(),
                        p.post().id(), EventJson.mapper().writeValueAsBytes(p))));
        producer.flush();
    }

    private IssueAlert awaitAlert(AlertState state) {
        return await().atMost(WITHIN).until(() -> {
            consumer.poll(Duration.ofMillis(200))
                    .forEach(r -> received.add(EventJson.mapper().readValue(r.value(), IssueAlert.class)));
            return received.stream().filter(a -> a.state() == state).findFirst().orElse(null);
        }, a -> a != null);
    }
}
