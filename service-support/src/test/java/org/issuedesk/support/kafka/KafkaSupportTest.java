package org.issuedesk.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.issuedesk.contracts.Topics;
import org.junit.jupiter.api.Test;

class KafkaSupportTest {

    private final TopicDeclarations topics = new TopicDeclarations(null, null);

    @Test
    void shouldDeclareTopicsWithTheDefaultsAndCompactRegistries() {
        NewTopic raw = topics.declare(Topics.POSTS_RAW);
        NewTopic registry = topics.declare(Topics.REGISTRY_POLICY_FILES);

        assertThat(raw.numPartitions()).isEqualTo(3);
        assertThat(raw.replicationFactor()).isEqualTo((short) 1);
        assertThat(raw.configs()).isNullOrEmpty();
        assertThat(registry.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.declareDeadLetter(Topics.POSTS_RAW).name()).isEqualTo("posts.raw-dlt");
    }

    @Test
    void shouldSendADeadLetterToTheSourcesDltOnAnyPartition() {
        var record = new ConsumerRecord<>("posts.classified", 2, 41L, "x:1", "value");

        TopicPartition target = KafkaSupportAutoConfiguration.deadLetterOf(record, new IllegalStateException());

        assertThat(target.topic()).isEqualTo("posts.classified-dlt");
        assertThat(target.partition()).isNegative();
    }
}
