package org.issuedesk.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.issuedesk.contracts.Topics;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

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

    @Test
    void shouldWaitOutADatabaseOrBrokerOutageInsteadOfDeadLetteringEveryRecord() {
        // Given failures as the listener container reports them: wrapped
        var databaseDown = new ListenerExecutionFailedException("listener failed",
                new DataAccessResourceFailureException("connection refused"));
        var brokerSlow = new ListenerExecutionFailedException("listener failed", new TimeoutException("no answer"));
        var badRow = new ListenerExecutionFailedException("listener failed",
                new DataIntegrityViolationException("value too long"));

        // Then outages are told apart from records that will never succeed
        assertThat(KafkaSupportAutoConfiguration.isOutage(databaseDown)).isTrue();
        assertThat(KafkaSupportAutoConfiguration.isOutage(brokerSlow)).isTrue();
        assertThat(KafkaSupportAutoConfiguration.isOutage(badRow)).isFalse();
    }

    @Test
    void shouldChooseAnErrorHandlerWithoutTransactionsAndAnAfterRollbackProcessorWithThem() {
        var contexts = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                KafkaSupportAutoConfiguration.class, KafkaAutoConfiguration.class));

        contexts.run(context -> {
            assertThat(context).hasSingleBean(DefaultErrorHandler.class);
            assertThat(context).doesNotHaveBean(AfterRollbackProcessor.class);
            assertThat(context).hasSingleBean(DeadLetterPublishingRecoverer.class);
        });
        contexts.withPropertyValues("spring.kafka.producer.transaction-id-prefix=tx-").run(context -> {
            // an error handler would run inside the transaction and commit a dead letter with the rest
            assertThat(context).doesNotHaveBean(CommonErrorHandler.class);
            assertThat(context).hasSingleBean(DefaultAfterRollbackProcessor.class);
        });
    }

    @Test
    void shouldWaitOutAnOutageForAPollInsteadOfDeadLetteringIt() {
        // Given the after-rollback processor of a transactional batch listener, and a poll of one record
        List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();
        KafkaOperations<?, ?> template = mock(KafkaOperations.class);
        when(template.isTransactional()).thenReturn(true);
        var processor = new OutageAwareAfterRollbackProcessor((record, e) -> deadLettered.add(record),
                new FixedBackOff(0, 0), template, 1);
        var partition = new TopicPartition("posts.classified", 0);
        MockConsumer<Object, Object> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(partition));
        var record = new ConsumerRecord<Object, Object>("posts.classified", 0, 7L, "k", "v");
        var poll = new ConsumerRecords<>(Map.of(partition, List.of(record)), Map.of());
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("posts.classified"));

        // When the poll fails again and again because the database is down
        var outage = new ListenerExecutionFailedException("failed", new DataAccessResourceFailureException("down"));
        for (int i = 0; i < 5; i++) {
            processor.processBatch(poll, List.of(record), consumer, container, outage, true, EOSMode.V2);
        }

        // Then it is read again from its first record, never dead-lettered (no retries were allowed otherwise)
        assertThat(deadLettered).isEmpty();
        assertThat(consumer.position(partition)).isEqualTo(7L);

        // And a poll that fails for another reason is dead-lettered once its retries are spent
        processor.processBatch(poll, List.of(record), consumer, container,
                new ListenerExecutionFailedException("failed", new IllegalStateException("bug")), true, EOSMode.V2);
        assertThat(deadLettered).containsExactly(record);
    }
}
