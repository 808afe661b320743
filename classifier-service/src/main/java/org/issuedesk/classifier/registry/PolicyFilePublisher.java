package org.issuedesk.classifier.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Writes policy-file definitions to the compacted topic {@code registry.policy-files}, keyed by id
 * (a null value deletes one), and returns once the broker has them (acks=all, the service's producer
 * default). Each record says in a header whether it came from the shipped seed or from a person, so a
 * newer shipped version replaces only definitions that nobody edited.
 */
@Component
public class PolicyFilePublisher {

    static final String ORIGIN_HEADER = "issuedesk-origin";
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    /** Where a definition on the topic came from. */
    public enum Origin {
        SEED, API;

        String header() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Origin of(ConsumerRecord<?, ?> record) {
            Header header = record.headers().lastHeader(ORIGIN_HEADER);
            return header != null && SEED.header().equals(new String(header.value(), StandardCharsets.UTF_8))
                    ? SEED : API;
        }
    }

    private final KafkaOperations<String, Object> kafka;

    public PolicyFilePublisher(KafkaOperations<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Publishes a (valid) definition; where it landed, once acknowledged. */
    public RecordMetadata publish(PolicyFileDefinition definition, Origin origin) {
        return send(definition.id(), definition, origin);
    }

    /** Publishes the tombstone of a policy file. */
    public RecordMetadata delete(String id) {
        return send(id, null, Origin.API);
    }

    private RecordMetadata send(String id, PolicyFileDefinition value, Origin origin) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.REGISTRY_POLICY_FILES.name(), null, id, value,
                List.of(new RecordHeader(ORIGIN_HEADER, origin.header().getBytes(StandardCharsets.UTF_8))));
        try {
            // a transactional producer (if the service is configured so) only sends inside a transaction
            CompletableFuture<SendResult<String, Object>> sent = kafka.isTransactional() && !kafka.inTransaction()
                    ? kafka.executeInTransaction(operations -> operations.send(record))
                    : kafka.send(record);
            return sent.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while publishing policy file " + id, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new RegistryUnavailableException("the broker did not acknowledge policy file " + id + ": " + e, e);
        }
    }

    /** The topic could not take a definition: nothing was changed, try again later. */
    public static class RegistryUnavailableException extends RuntimeException {

        RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
