package org.issuedesk.classifier.classification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.support.kafka.RecordTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Classifies every post of {@code posts.raw} and publishes it to {@code posts.classified}, keyed by
 * post id, a whole poll at a time: classify each record, send every result without waiting, then wait
 * once for all the acknowledgements (one broker round trip per poll, not per post). The offsets are
 * committed only after that, so a crash re-classifies rather than loses a post; routing-service
 * ignores the duplicate.
 *
 * <p>A record that cannot be read, or is no post, stops the batch at its index: the posts before it are
 * published and awaited first, then a {@link BatchListenerFailedException} tells service-support's error
 * handler to commit them and send that one record to {@code posts.raw-dlt}, and the stream goes on from
 * the next.
 */
@Component
public class ClassificationListener {

    private static final Logger log = LoggerFactory.getLogger(ClassificationListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(ClassificationListener.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Classifier classifier;
    private final KafkaOperations<String, Object> kafka;
    private final RecordTracing tracing;
    private final Timer classifyTimer;
    private final Timer publishTimer;
    private final DistributionSummary batchSize;

    public ClassificationListener(Classifier classifier, KafkaOperations<String, Object> kafka, RecordTracing tracing,
            MeterRegistry meters) {
        this.classifier = classifier;
        // the poll's sends, each in its post's trace (tracing.record): no observation per record
        this.kafka = RecordTracing.unobserved(kafka);
        this.tracing = tracing;
        // stage timings as histograms, so that p95/p99 can be read in Prometheus (histogram_quantile)
        this.classifyTimer = Timer.builder("issuedesk.stage")
                .description("Time a pipeline stage takes for one poll of records")
                .tag("stage", "classify").publishPercentileHistogram().register(meters);
        this.publishTimer = Timer.builder("issuedesk.stage")
                .description("Time a pipeline stage takes for one poll of records")
                .tag("stage", "classified-publish").publishPercentileHistogram().register(meters);
        this.batchSize = DistributionSummary.builder("issuedesk.listener.batch.size")
                .description("Records per poll handed to a batch listener")
                .tag("topic", Topics.POSTS_RAW.name()).publishPercentileHistogram().register(meters);
    }

    @KafkaListener(topics = "#{T(org.issuedesk.contracts.Topics).POSTS_RAW.name()}", batch = "true",
            concurrency = "${issuedesk.classifier.listener.concurrency:1}")
    public void onPosts(List<ConsumerRecord<String, SocialPost>> records) {
        batchSize.record(records.size());
        List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>(records.size());
        long started = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SocialPost> record = records.get(i);
            RuntimeException poison = poison(record);
            if (poison != null) {
                classifyTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                awaitAll(sends);
                throw new BatchListenerFailedException("cannot classify " + record.topic() + "-"
                        + record.partition() + "@" + record.offset(), poison, i);
            }
            SocialPost post = record.value();
            if (post == null) {
                log.warn("Skipping an empty record on {} with key {}", record.topic(), record.key());
                continue;
            }
            ClassifiedPost classified = classify(post);
            // in the post's trace: the classified record's traceparent continues the one it came with
            sends.add(tracing.inTraceOf(record, "classify", () ->
                    kafka.send(tracing.record(Topics.POSTS_CLASSIFIED.name(), post.id(), classified))));
            log.debug("Classified {} as {} / {}", post.id(), classified.policyFile(), classified.issueKind().id());
        }
        classifyTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        awaitAll(sends);
    }

    /**
     * Why a record can never be classified, or null: undeserialisable bytes (the error handler then
     * dead-letters the original bytes at once), or valid JSON that is no post (retried, then dead-lettered).
     */
    private static RuntimeException poison(ConsumerRecord<String, SocialPost> record) {
        if (record.value() == null) {
            DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
            return unreadable; // null for a tombstone, which is skipped
        }
        SocialPost post = record.value();
        if (post.id() == null || post.platform() == null || post.text() == null) {
            return new IllegalArgumentException("not a SocialPost (id, platform and text are required): key "
                    + record.key());
        }
        return null;
    }

    /** One wait for the poll's sends: the producer batches them, so this is about one broker round trip. */
    private void awaitAll(List<CompletableFuture<SendResult<String, Object>>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing " + sends.size() + " classified posts", e);
        } catch (ExecutionException | TimeoutException e) {
            // the error handler retries the poll, then dead-letters: never committed unpublished
            throw new KafkaException("could not publish " + sends.size() + " classified posts", e);
        } finally {
            publishTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    ClassifiedPost classify(SocialPost post) {
        Classification c = classifier.classify(new PostText(post.text(), post.lang()));
        return new ClassifiedPost(ClassifiedPost.SCHEMA_VERSION, post, c.policyFile(), c.confidence(), c.issueKind(),
                c.issueKindConfidence(), c.language(), c.evidence(), c.classifierVersion(), Instant.now());
    }
}
