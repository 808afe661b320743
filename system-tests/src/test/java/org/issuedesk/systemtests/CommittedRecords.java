package org.issuedesk.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.issuedesk.contracts.kafka.EventDeserializer;

/**
 * Reads topics as another department would: a plain read_committed KafkaConsumer (no group), values
 * read by the contracts' {@link EventDeserializer} (null for a value it cannot read).
 */
final class CommittedRecords {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final String bootstrapServers;

    CommittedRecords(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Every committed record of the topic, from the beginning to its last stable offset; none if it does not exist. */
    List<ConsumerRecord<String, Object>> all(String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "system-tests"),
                new StringDeserializer(), CommittedRecords::readableOrNull)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            List<ConsumerRecord<String, Object>> records = new ArrayList<>();
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, READ_TIMEOUT) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + ends);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static final EventDeserializer EVENTS = new EventDeserializer();

    /** The event, or null for a value no consumer can read (poison records injected by a test). */
    private static Object readableOrNull(String topic, byte[] data) {
        try {
            return EVENTS.deserialize(topic, data);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The partition count of each topic, as the broker has it. */
    Map<String, Integer> partitionCounts(List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var descriptions = admin.describeTopics(topics).allTopicNames().get();
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            topics.forEach(t -> counts.put(t, descriptions.get(t).partitions().size()));
            return counts;
        }
    }

    /** The partition the Java client's default partitioner picks for a key. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
