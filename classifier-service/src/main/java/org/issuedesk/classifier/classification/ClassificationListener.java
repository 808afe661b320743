package org.issuedesk.classifier.classification;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.ingest.SocialPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.KafkaException;
import org.springframework.stereotype.Component;

/**
 * Classifies every post of {@code posts.raw} and publishes it to {@code posts.classified}, keyed by
 * post id. The offset is committed only after the broker has the classified post (the send is
 * awaited), so a crash re-classifies rather than loses a post; routing-service ignores the
 * duplicate. A record that cannot be read, or is no post, goes to {@code posts.raw-dlt}
 * (service-support's error handler) and the stream goes on.
 */
@Component
public class ClassificationListener {

    private static final Logger log = LoggerFactory.getLogger(ClassificationListener.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Classifier classifier;
    private final KafkaOperations<String, Object> kafka;

    public ClassificationListener(Classifier classifier, KafkaOperations<String, Object> kafka) {
        this.classifier = classifier;
        this.kafka = kafka;
    }

    @KafkaListener(topics = "#{T(org.issuedesk.contracts.Topics).POSTS_RAW.name()}")
    public void onPost(ConsumerRecord<String, SocialPost> record) {
        SocialPost post = record.value();
        if (post == null) {
            log.warn("Skipping an empty record on {} with key {}", record.topic(), record.key());
            return;
        }
        if (post.id() == null || post.platform() == null || post.text() == null) {
            // valid JSON, but not a post: the error handler dead-letters it like unreadable bytes
            throw new IllegalArgumentException("not a SocialPost (id, platform and text are required): key "
                    + record.key());
        }
        ClassifiedPost classified = classify(post);
        String key = post.id();
        try {
            kafka.send(Topics.POSTS_CLASSIFIED.name(), key, classified).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing " + key, e);
        } catch (ExecutionException | TimeoutException e) {
            // the error handler retries, then dead-letters the post: never committed unpublished
            throw new KafkaException("could not publish the classified post " + key, e);
        }
        log.debug("Classified {} as {} / {}", key, classified.policyFile(), classified.issueKind().id());
    }

    ClassifiedPost classify(SocialPost post) {
        Classification c = classifier.classify(new PostText(post.text(), post.lang()));
        return new ClassifiedPost(ClassifiedPost.SCHEMA_VERSION, post, c.policyFile(), c.confidence(), c.issueKind(),
                c.issueKindConfidence(), c.language(), c.evidence(), c.classifierVersion(), Instant.now());
    }
}
