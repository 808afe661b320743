package org.issuedesk.routing.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.issuedesk.contracts.Topics;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamDirectory;
import org.issuedesk.support.kafka.TopicDeclarations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics this service writes.
 *
 * <p>What happens to a record that cannot be routed is service-support's: the listener runs in a Kafka
 * transaction (see {@code spring.kafka.producer.transaction-id-prefix}), so service-support installs an
 * after-rollback processor instead of an error handler; a failure rolls the whole poll back (no
 * half-published case), then the processor retries it, waits out an outage of the database or the
 * broker, or dead-letters in a new transaction that also commits the offsets. Records that can never
 * become a case are dead-lettered by {@code CaseListener} itself, so that the rest of their poll goes on.
 */
@Configuration(proxyBeanMethods = false)
public class RoutingKafkaConfiguration {

    /** One queue per team, the case events, the feedback for the classifier, and the DLT of our input. */
    @Bean
    KafkaAdmin.NewTopics routingTopics(TopicDeclarations declarations, TeamDirectory teams) {
        List<NewTopic> topics = new ArrayList<>();
        for (Team team : teams.all()) {
            topics.add(declarations.declare(Topics.teamQueue(team.id())));
        }
        topics.add(declarations.declare(Topics.CASES_EVENTS));
        topics.add(declarations.declare(Topics.ROUTING_FEEDBACK));
        topics.add(declarations.declareDeadLetter(Topics.POSTS_CLASSIFIED));
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
