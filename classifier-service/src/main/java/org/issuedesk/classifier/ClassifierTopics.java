package org.issuedesk.classifier;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.issuedesk.contracts.Topics;
import org.issuedesk.support.kafka.TopicDeclarations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The topics this service writes (it is their one writer, so it creates them), and the dead-letter
 * topic of the one it consumes.
 */
@Configuration(proxyBeanMethods = false)
class ClassifierTopics {

    @Bean
    NewTopic postsClassifiedTopic(TopicDeclarations topics) {
        return topics.declare(Topics.POSTS_CLASSIFIED);
    }

    /**
     * Tombstones are kept for ever (compaction would drop them after a day): otherwise a deleted shipped
     * policy file would look "never seen" to the next instance that starts, and be seeded again.
     */
    @Bean
    NewTopic policyFilesTopic(TopicDeclarations topics) {
        NewTopic topic = topics.declare(Topics.REGISTRY_POLICY_FILES);
        Map<String, String> configs = new HashMap<>(topic.configs());
        configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Long.MAX_VALUE));
        return topic.configs(configs);
    }

    @Bean
    NewTopic issuesAlertsTopic(TopicDeclarations topics) {
        return topics.declare(Topics.ISSUES_ALERTS);
    }

    @Bean
    NewTopic postsRawDeadLetterTopic(TopicDeclarations topics) {
        return topics.declareDeadLetter(Topics.POSTS_RAW);
    }

    @Bean
    NewTopic routingFeedbackDeadLetterTopic(TopicDeclarations topics) {
        return topics.declareDeadLetter(Topics.ROUTING_FEEDBACK);
    }
}
