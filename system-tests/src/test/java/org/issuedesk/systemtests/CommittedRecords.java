package org.issuedesk.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.issuedesk.contracts.kafka.EventDeserializer;
import org.issuedesk.testsupport.TopicRecords;

/**
 * Reads topics as another department would: every committed record (test-support's
 * {@link TopicRecords}, a read_committed consumer), values read by the contracts'
 * {@link EventDeserializer} (null for a value it cannot read).
 */
final class CommittedRecords {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final String bootstrapServers;

    CommittedRecords(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Every committed record of the topic, from the beginning to its last stable offset; none if it does not exist. */
    List<ConsumerRecord<String, Object>> all(String topic) {
        // asked first so that reading never creates the topic (a consumer's metadata request may): a team
        // queue created here would get the broker's default partition count, not routing's
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(topic)) {
                return List.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the topics of " + bootstrapServers, e);
        }
        return TopicRecords.committed(bootstrapServers, topic).stream()
                .map(r -> new ConsumerRecord<String, Object>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                        r.timestampType(), r.serializedKeySize(), r.serializedValueSize(), r.key(),
                        readableOrNull(topic, r.value()), r.headers(), Optional.empty()))
                .toList();
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
