package org.issuedesk.classifier;

import org.apache.kafka.clients.admin.NewTopic;
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

    @Bean
    NewTopic policyFilesTopic(TopicDeclarations topics) {
        return topics.declare(Topics.REGISTRY_POLICY_FILES);
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
