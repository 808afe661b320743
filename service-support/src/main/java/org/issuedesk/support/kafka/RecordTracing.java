package org.issuedesk.support.kafka;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Continues a record's trace in a batch listener. spring-kafka observes a record listener (the span
 * continues the record's {@code traceparent} header) but not a batch listener, where every send would
 * start a new trace: this runs the work for one record of a batch in a span that is a child of that
 * record's, so what it sends carries the post's trace on to the next topic.
 *
 * <p>Sends in that span should go through {@link #record}, by a template without observation: the
 * record then carries this span's {@code traceparent} (and baggage such as {@code x-request-id}) without
 * a second span, timer and handler chain per record, which cost more CPU per post than the send itself.
 */
public class RecordTracing {

    private final Tracer tracer;
    private final Propagator propagator;

    public RecordTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Runs {@code work} in a consumer span named {@code name}, child of the record's trace if it has one. */
    public <T> T inTraceOf(ConsumerRecord<?, ?> record, String name, Supplier<T> work) {
        Span span = propagator.extract(record.headers(), RecordTracing::lastHeader)
                .name(name).kind(Span.Kind.CONSUMER)
                .tag("messaging.destination.name", record.topic())
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A record to send, carrying the current span's trace context (the one {@link #inTraceOf} opened). */
    public <K, V> ProducerRecord<K, V> record(String topic, K key, V value) {
        ProducerRecord<K, V> record = new ProducerRecord<>(topic, key, value);
        TraceContext context = tracer.currentTraceContext().context();
        if (context != null) {
            propagator.inject(context, record.headers(), (headers, name, header) -> {
                headers.remove(name);
                headers.add(name, header.getBytes(StandardCharsets.UTF_8));
            });
        }
        return record;
    }

    /**
     * A template on the same producers as {@code template} (so it joins the same Kafka transactions), without
     * observation or per-send timers: for {@link #record}s sent in {@link #inTraceOf}. The stage timers of
     * the listeners measure their polls instead.
     */
    public static <K, V> KafkaTemplate<K, V> unobserved(KafkaOperations<K, V> template) {
        KafkaTemplate<K, V> unobserved = new KafkaTemplate<>(template.getProducerFactory());
        unobserved.setObservationEnabled(false);
        unobserved.setMicrometerEnabled(false);
        return unobserved;
    }

    private static String lastHeader(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
