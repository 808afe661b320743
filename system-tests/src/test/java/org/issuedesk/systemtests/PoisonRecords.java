package org.issuedesk.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Malformed records written straight onto a topic, and the keys found on a dead-letter topic. */
final class PoisonRecords {

    /** Values no consumer of the system can decode: broken JSON, binary, a JSON array where an object goes. */
    static final List<byte[]> UNDECODABLE = List.of(
            "{not json".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, (byte) 0xff, (byte) 0xfe, 1, 2, 3},
            "[1,2,3]".getBytes(StandardCharsets.UTF_8));

    /** JSON objects of the wrong shape: valid JSON, but not an event of the topic (required fields missing). */
    static final List<byte[]> WRONG_SHAPE = List.of(
            "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8),
            "{\"schemaVersion\":99,\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8));

    private final String bootstrapServers;

    PoisonRecords(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Writes each value under the key {@code <prefix><n>}; returns the keys. */
    List<String> inject(String topic, String prefix, List<byte[]> values) throws Exception {
        List<String> keys = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < values.size(); n++) {
                String key = prefix + n;
                producer.send(new ProducerRecord<>(topic, key, values.get(n))).get();
                keys.add(key);
            }
        }
        return keys;
    }

    /** The keys of every record on a topic (read as bytes: a dead-letter topic holds what could not be read). */
    List<String> keys(String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            List<String> keys = new ArrayList<>();
            if (partitions.isEmpty()) {
                return keys;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
            return keys;
        }
    }
}
