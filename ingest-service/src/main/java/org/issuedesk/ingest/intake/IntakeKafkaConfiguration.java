package org.issuedesk.ingest.intake;

import org.apache.kafka.clients.admin.NewTopic;
import org.issuedesk.contracts.Topics;
import org.issuedesk.support.kafka.TopicDeclarations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Kafka set-up of the intake: the topics it writes, created at start-up by Spring's KafkaAdmin. */
@Configuration(proxyBeanMethods = false)
class IntakeKafkaConfiguration {

    /** Static: a post-processor must not make this configuration be created early. */
    @Bean
    static BeanPostProcessor nonBlockingClusterId(ObjectProvider<KafkaAdmin> admin) {
        return NonBlockingClusterId.installer(admin);
    }

    @Bean
    NewTopic postsRaw(TopicDeclarations topics) {
        return topics.declare(Topics.POSTS_RAW);
    }
}
