package org.issuedesk.routing.emerging;

import org.apache.kafka.clients.admin.NewTopic;
import org.issuedesk.contracts.Topics;
import org.issuedesk.support.kafka.TopicDeclarations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dead-letter topic of the alerts this service reads. */
@Configuration(proxyBeanMethods = false)
class EmergingTopics {

    @Bean
    NewTopic issuesAlertsDeadLetterTopic(TopicDeclarations topics) {
        return topics.declareDeadLetter(Topics.ISSUES_ALERTS);
    }
}
