package org.issuedesk.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker of the local run mode, started for real from target/kafka-lib (the jars run-local.sh uses). */
class KafkaBrokerTest {

    private static final Path KAFKA_LIB = Path.of(System.getProperty("issuedesk.kafka-lib", "target/kafka-lib"));

    @TempDir
    Path data;

    private KafkaBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void shouldKeepARecordAcrossARestartOfTheBrokerStartedFromTheKafkaJars() throws Exception {
        // Given: a broker on free ports in a fresh data folder
        int port = Ports.freePort();
        int controllerPort = Ports.freePort();
        broker = new KafkaBroker(KAFKA_LIB, data, port, controllerPort);
        broker.start();
        broker.awaitReady(Duration.ofSeconds(60));
        assertThat(broker.isFormatted()).isTrue();

        // When: one record is produced with acks=all and the broker restarts on the same data
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("local-runner.test", "mastodon:1234", "hello")).get(30, TimeUnit.SECONDS);
        }
        broker.stop(Duration.ofSeconds(20));
        assertThat(broker.isAlive()).isFalse();
        broker = new KafkaBroker(KAFKA_LIB, data, port, controllerPort);
        broker.start();
        broker.awaitReady(Duration.ofSeconds(60));

        // Then: the record is still there, and the broker logged through its Log4j 2 binding
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("local-runner.test").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
                        .containsExactly(tuple("mastodon:1234", "hello"));
            });
        }
        assertThat(broker.logTail(2000)).contains("INFO").contains("Kafka Server started")
                .doesNotContain("No SLF4J providers");
    }
}
