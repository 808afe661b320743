package org.issuedesk.ingest.intake;

import org.apache.kafka.clients.admin.NewTopic;
import org.issuedesk.contracts.Topics;
import org.issuedesk.support.kafka.TopicDeclarations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kafka set-up of the intake: the topics it writes, created at start-up by Spring's KafkaAdmin. */
@Configuration(proxyBeanMethods = false)
class IntakeKafkaConfiguration {

    @Bean
    NewTopic postsRaw(TopicDeclarations topics) {
        return topics.declare(Topics.POSTS_RAW);
    }
}
