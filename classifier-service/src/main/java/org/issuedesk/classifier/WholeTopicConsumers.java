package org.issuedesk.classifier;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issuedesk.contracts.kafka.EventDeserializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.stereotype.Component;

/**
 * Consumers for a {@link WholeTopicReader}: the service's consumer settings (brokers, isolation, ...)
 * without its {@code group.id}, so they join no group and commit nothing, with the same key and event
 * deserialisers as every other consumer of the service.
 */
@Component
public class WholeTopicConsumers {

    private static final AtomicInteger CONSUMERS = new AtomicInteger();

    private final DefaultKafkaConsumerFactory<String, Object> factory;

    public WholeTopicConsumers(ConsumerFactory<?, ?> serviceConsumers) {
        Map<String, Object> config = new HashMap<>(serviceConsumers.getConfigurationProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.factory = new DefaultKafkaConsumerFactory<>(config, StringDeserializer::new,
                () -> new ErrorHandlingDeserializer<>(new EventDeserializer()));
    }

    /** A new consumer of no group; {@code name} tells it apart in the broker's logs and metrics. */
    public Consumer<String, Object> create(String name) {
        // a distinct client id per consumer: two with the same id collide in JMX (two instances in one JVM)
        return factory.createConsumer(null, "classifier-" + name, "-" + CONSUMERS.incrementAndGet());
    }
}
