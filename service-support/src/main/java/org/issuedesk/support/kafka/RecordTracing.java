package org.issuedesk.support.kafka;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Continues a record's trace in a batch listener. spring-kafka observes a record listener (the span
 * continues the record's {@code traceparent} header) but not a batch listener, where every send would
 * start a new trace: this runs the work for one record of a batch in a span that is a child of that
 * record's, so what it sends carries the post's trace on to the next topic.
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

    private static String lastHeader(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
