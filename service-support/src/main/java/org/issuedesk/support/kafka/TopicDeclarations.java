package org.issuedesk.support.kafka;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.issuedesk.contracts.Topic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How the topics a service writes are created (by Spring's {@code KafkaAdmin} at start-up, from
 * {@link NewTopic} beans): the same partition count and replication everywhere, compaction where
 * the catalogue says so. Configure with {@code issuedesk.kafka.partitions} and
 * {@code issuedesk.kafka.replication-factor}.
 */
@Validated
@ConfigurationProperties("issuedesk.kafka")
public record TopicDeclarations(@Min(1) @Max(1000) Integer partitions, @Min(1) @Max(10) Short replicationFactor) {

    public TopicDeclarations {
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
    }

    public NewTopic declare(Topic<?> topic) {
        NewTopic newTopic = new NewTopic(topic.name(), partitions, replicationFactor);
        return topic.compacted() ? newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT)) : newTopic;
    }

    /** The dead-letter topic of a topic this service consumes. */
    public NewTopic declareDeadLetter(Topic<?> consumed) {
        return new NewTopic(consumed.deadLetter(), partitions, replicationFactor);
    }
}
