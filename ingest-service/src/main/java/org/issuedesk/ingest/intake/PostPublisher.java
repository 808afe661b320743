package org.issuedesk.ingest.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.ingest.SocialPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Timer;

/**
 * Publishes a post to {@code posts.raw}, keyed by its id, and returns only once the broker has
 * acknowledged it (acks=all, see service-support), so that "accepted" means durably stored.
 */
@Component
public class PostPublisher {

    private static final Logger log = LoggerFactory.getLogger(PostPublisher.class);

    private final KafkaTemplate<String, Object> kafka;
    private final IntakeMetrics metrics;
    private final Duration timeout;
    private final Duration retryAfter;

    public PostPublisher(KafkaTemplate<String, Object> kafka, IntakeMetrics metrics, IngestProperties properties) {
        this.kafka = kafka;
        this.metrics = metrics;
        this.timeout = properties.publishTimeout();
        this.retryAfter = properties.retryAfter();
        requireSendBlockingWithin(kafka, timeout);
    }

    /**
     * send() blocks up to the producer's max.block.ms (60 s unless configured) before the publish
     * timeout even starts to count: refuse a configuration where it could exceed that timeout.
     */
    static void requireSendBlockingWithin(KafkaTemplate<?, ?> kafka, Duration timeout) {
        Object configured = kafka.getProducerFactory().getConfigurationProperties().get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        long maxBlockMs = configured == null ? 60_000 : Long.parseLong(configured.toString());
        if (maxBlockMs > timeout.toMillis()) {
            throw new IllegalStateException("spring.kafka.producer.properties.max.block.ms (" + maxBlockMs
                    + " ms) must not exceed issuedesk.ingest.publish-timeout (" + timeout.toMillis() + " ms)");
        }
    }

    /**
     * Creates the (shared) producer before traffic is let in, so that the first post does not pay
     * for it, and a bad producer configuration stops the start. Needs no broker.
     */
    @EventListener(ApplicationReadyEvent.class)
    void createProducer() {
        kafka.execute(producer -> Boolean.TRUE);
    }

    /**
     * @throws PublishUnavailableException when the broker failed or did not answer within the
     *         publish timeout. The post may still arrive later (the producer retries); a client
     *         that sends it again may then create a second record, until de-duplication exists.
     */
    public void publish(SocialPost post) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Timer.Sample sample = metrics.startPublish();
        try {
            // send() itself may block up to max.block.ms while it looks up the partitions
            var sent = kafka.send(Topics.POSTS_RAW.name(), post.id(), post);
            sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            metrics.published(sample, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(sample, post, e);
        } catch (ExecutionException e) {
            throw unavailable(sample, post, e.getCause());
        } catch (TimeoutException | KafkaException | org.springframework.kafka.KafkaException e) {
            throw unavailable(sample, post, e);
        }
    }

    /**
     * Sends every post first, then waits for all the acknowledgements (one round trip for the whole
     * batch, not one per post), all within one publish timeout.
     *
     * @return for each post, in order, whether the broker acknowledged it
     */
    public boolean[] publishAll(List<SocialPost> posts) {
        boolean[] acked = new boolean[posts.size()];
        if (posts.isEmpty()) {
            return acked;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Timer.Sample sample = metrics.startPublish();
        List<CompletableFuture<?>> sent = new ArrayList<>(posts.size());
        Throwable failure = null;
        for (SocialPost post : posts) {
            if (failure != null) {
                // the producer could not even take one (no metadata in max.block.ms): do not wait again per post
                sent.add(null);
                continue;
            }
            try {
                sent.add(kafka.send(Topics.POSTS_RAW.name(), post.id(), post));
            } catch (KafkaException | org.springframework.kafka.KafkaException e) {
                failure = e;
                sent.add(null);
            }
        }
        for (int i = 0; i < posts.size(); i++) {
            if (sent.get(i) == null) {
                continue;
            }
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked[i] = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException e) {
                failure = e;
            }
        }
        metrics.published(sample, failure == null);
        if (failure != null) {
            log.warn("{} of {} posts not stored on {} (publish timeout {}): {}", countNot(acked), posts.size(),
                    Topics.POSTS_RAW.name(), timeout, String.valueOf(failure));
        }
        return acked;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    private static int countNot(boolean[] acked) {
        int n = 0;
        for (boolean a : acked) {
            n += a ? 0 : 1;
        }
        return n;
    }

    private PublishUnavailableException unavailable(Timer.Sample sample, SocialPost post, Throwable cause) {
        metrics.published(sample, false);
        log.warn("post {} not stored on {} (publish timeout {}): {}", post.id(), Topics.POSTS_RAW.name(), timeout,
                String.valueOf(cause));
        return new PublishUnavailableException(retryAfter, cause);
    }
}
