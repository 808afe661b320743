package org.issuedesk.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.kafka.EventDeserializer;

/**
 * Every record of posts.raw, read from the beginning up to the current end: an "accepted" answer
 * means the broker had acknowledged the record, so it lies before that end.
 */
public final class PostsRawRecords {

    private PostsRawRecords() {
    }

    public static List<ConsumerRecord<String, Object>> all(String brokers) {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new EventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSTS_RAW.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, Object>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read posts.raw to its end in time").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
            return found;
        }
    }

    public static List<ConsumerRecord<String, Object>> withKey(String brokers, String key) {
        return all(brokers).stream().filter(r -> key.equals(r.key())).toList();
    }
}
