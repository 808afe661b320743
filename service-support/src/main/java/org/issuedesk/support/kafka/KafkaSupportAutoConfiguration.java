package org.issuedesk.support.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.kafka.EventDeserializer;
import org.issuedesk.contracts.kafka.EventSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
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

    /**
     * Retries a failing record twice, then publishes it to {@code <topic>-dlt} and goes on. Records
     * that could not even be deserialised go there at once, as their original bytes.
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler deadLetterErrorHandler(KafkaOperations<?, ?> template) {
        var recoverer = new DeadLetterPublishingRecoverer(template, KafkaSupportAutoConfiguration::deadLetterOf);
        return new DefaultErrorHandler(recoverer, new FixedBackOff(200, 2));
    }

    /** Any partition of the dead-letter topic: it need not have as many partitions as the source. */
    static TopicPartition deadLetterOf(ConsumerRecord<?, ?> record, Exception e) {
        return new TopicPartition(Topics.deadLetterOf(record.topic()), -1);
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties properties) {
        return new KafkaHealthIndicator(properties.buildAdminProperties(), Duration.ofSeconds(3));
    }
}
