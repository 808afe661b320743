package org.issuedesk.routing.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.issuedesk.contracts.Topics;
import org.issuedesk.routing.cases.InvalidClassifiedPostException;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamDirectory;
import org.issuedesk.support.kafka.TopicDeclarations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The topics this service writes, and what happens to a record that cannot be routed.
 *
 * <p>The listener runs in a Kafka transaction (see {@code spring.kafka.producer.transaction-id-prefix}).
 * A failure rolls the whole transaction back (no half-published case), then the after-rollback
 * processor decides: retry the record, or publish it to {@code <topic>-dlt} in a new transaction that
 * also commits its offset, so a poison record is neither lost nor blocking.
 */
@Configuration(proxyBeanMethods = false)
public class RoutingKafkaConfiguration {

    /** Same rhythm as service-support's error handler: two quick retries, then the dead-letter topic. */
    private static final BackOff RETRIES = new FixedBackOff(200, 2);
    /** While the database or the broker is down, every record would fail: wait for it, do not dead-letter. */
    private static final BackOff OUTAGE = new FixedBackOff(5_000, FixedBackOff.UNLIMITED_ATTEMPTS);

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

    @Bean
    DefaultAfterRollbackProcessor<Object, Object> afterRollbackProcessor(KafkaOperations<Object, Object> template) {
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        // commitRecovered: the dead letter and the skipped offset commit in one transaction
        var processor = new DefaultAfterRollbackProcessor<>(recoverer, RETRIES, template, true);
        processor.addNotRetryableExceptions(InvalidClassifiedPostException.class);
        processor.setBackOffFunction((record, e) -> isOutage(e) ? OUTAGE : null);
        return processor;
    }

    /**
     * service-support registers a {@code DefaultErrorHandler} for every service. A container calls such a
     * handler <em>inside</em> the listener's transaction, so a recovered record would commit together
     * with whatever the listener had sent before failing. Without it, a transactional container hands
     * every failure to the after-rollback processor above, after the rollback.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> afterRollbackOnly() {
        return container -> container.setCommonErrorHandler(null);
    }

    static boolean isOutage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
