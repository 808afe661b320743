package org.issuedesk.ingest.intake;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

class PostPublisherTest {

    @Test
    void shouldRefuseAProducerThatMayBlockLongerThanThePublishTimeout() {
        // Given a producer that may block 10 s in send()
        var kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092", ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000")));

        // Then a 5 s publish timeout is refused, a 10 s one is fine
        assertThatThrownBy(() -> PostPublisher.requireSendBlockingWithin(kafka, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("max.block.ms (10000 ms)");
        assertThatCode(() -> PostPublisher.requireSendBlockingWithin(kafka, Duration.ofSeconds(10)))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseTheKafkaDefaultOfOneMinute() {
        // Given a producer without max.block.ms
        var kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")));

        // Then
        assertThatThrownBy(() -> PostPublisher.requireSendBlockingWithin(kafka, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class);
    }
}
