package org.issuedesk.support.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.kafka.EventDeserializer;
import org.issuedesk.contracts.kafka.EventSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka conventions every service shares: string keys, event JSON values chosen by topic (no
 * type headers), durable idempotent producers, poison records to {@code <topic>-dlt}, and a
 * readiness check against the broker.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(TopicDeclarations.class)
public class KafkaSupportAutoConfiguration {

    /** Static: a post-processor must not make this configuration be created early. */
    @Bean
    static BeanPostProcessor nonBlockingClusterId(ObjectProvider<KafkaAdmin> admin) {
        return NonBlockingClusterId.installer(admin);
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer eventProducerFactory() {
        return factory -> {
            @SuppressWarnings("unchecked")
            var events = (DefaultKafkaProducerFactory<String, Object>) factory;
            events.setKeySerializer(new StringSerializer());
            events.setValueSerializer(new EventSerializer());
            // accepted means durably in Kafka: every replica has it, and a retry cannot duplicate it
            events.updateConfigs(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        };
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer eventConsumerFactory() {
        return factory -> {
            @SuppressWarnings("unchecked")
            var events = (DefaultKafkaConsumerFactory<String, Object>) factory;
            events.setKeyDeserializer(new StringDeserializer());
            events.setValueDeserializerSupplier(() -> new ErrorHandlingDeserializer<>(new EventDeserializer()));
        };
    }

    /** Two quick retries, then the dead-letter topic. */
    static final BackOff RETRIES = new FixedBackOff(200, 2);
    /** While the database or the broker is down, every record would fail: wait for it, do not dead-letter. */
    static final FixedBackOff OUTAGE = new FixedBackOff(5_000, FixedBackOff.UNLIMITED_ATTEMPTS);

    /**
     * Publishes a record that cannot be processed to {@code <topic>-dlt} (records that could not even be
     * deserialised as their original bytes), counting them per source topic in
     * {@code issuedesk.dlt.records}. A bean, so that a batch listener can dead-letter one record of its
     * poll itself.
     */
    @Bean
    @ConditionalOnMissingBean
    DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaOperations<?, ?> template,
            ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        return new DeadLetterPublishingRecoverer(template, (record, e) -> {
            registry.counter("issuedesk.dlt.records", "topic", record.topic()).increment();
            return deadLetterOf(record, e);
        });
    }

    /**
     * Without Kafka transactions: retries a failing record (or the failing record of a batch, named by a
     * {@code BatchListenerFailedException}) twice, then dead-letters it and goes on. Records that could
     * not be deserialised are dead-lettered at once.
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @Conditional(NotTransactional.class)
    DefaultErrorHandler deadLetterErrorHandler(DeadLetterPublishingRecoverer recoverer) {
        return new DefaultErrorHandler(recoverer, RETRIES);
    }

    /**
     * With Kafka transactions ({@code spring.kafka.producer.transaction-id-prefix}): no error handler, since a
     * container calls it <em>inside</em> the listener's transaction, where a recovered record would commit
     * with whatever the listener had sent before failing. A failure rolls everything back first; then this
     * processor retries, or publishes the record (for a batch listener, each record of the poll) to its
     * dead-letter topic in a new transaction that also commits its offset. During an outage of the
     * database or the broker it waits instead, without limit: dead-lettering every record would lose the
     * stream.
     */
    @Bean
    @ConditionalOnMissingBean(AfterRollbackProcessor.class)
    @ConditionalOnProperty(prefix = "spring.kafka.producer", name = "transaction-id-prefix")
    DefaultAfterRollbackProcessor<Object, Object> deadLetterAfterRollbackProcessor(DeadLetterPublishingRecoverer recoverer,
            KafkaOperations<?, ?> template) {
        var processor = new OutageAwareAfterRollbackProcessor(recoverer, RETRIES, template, OUTAGE.getInterval());
        processor.setBackOffFunction((record, e) -> isOutage(e) ? OUTAGE : null);
        return processor;
    }

    /** An outage of a resource every record needs, rather than a record that cannot succeed. */
    public static boolean isOutage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** Any partition of the dead-letter topic: it need not have as many partitions as the source. */
    static TopicPartition deadLetterOf(ConsumerRecord<?, ?> record, Exception e) {
        return new TopicPartition(Topics.deadLetterOf(record.topic()), -1);
    }

    /** Matches unless the Kafka producers are transactional. */
    static class NotTransactional extends NoneNestedConditions {

        NotTransactional() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "spring.kafka.producer", name = "transaction-id-prefix")
        static class Transactional {
        }
    }

    @Bean
    @ConditionalOnMissingBean
    RecordTracing recordTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new RecordTracing(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties properties) {
        return new KafkaHealthIndicator(properties.buildAdminProperties(), Duration.ofSeconds(3));
    }
}
