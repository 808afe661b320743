package org.issuedesk.classifier.feedback;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.issuedesk.classifier.WholeTopicConsumers;
import org.issuedesk.classifier.WholeTopicReader;
import org.issuedesk.classifier.classification.AdaptiveClassifier;
import org.issuedesk.classifier.classification.LabelledPost;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.routing.RoutingFeedback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;

/**
 * Learns from every correction a team makes ({@code routing.feedback}). Every instance must learn
 * from every correction, so each reads the whole topic from the beginning (a restarted instance replays
 * the corrections and ends with the same model), without a consumer group: nothing is committed and no
 * group is left behind per instance ({@link WholeTopicReader}). A record that cannot be read goes to
 * {@code routing.feedback-dlt}, as the service's listeners do.
 */
@Component
public class FeedbackListener implements SmartLifecycle, WholeTopicReader.Handler {

    private static final Logger log = LoggerFactory.getLogger(FeedbackListener.class);

    private final AdaptiveClassifier classifier;
    private final WholeTopicReader reader;
    private final DeadLetterPublishingRecoverer deadLetters;

    public FeedbackListener(AdaptiveClassifier classifier, WholeTopicConsumers consumers,
            ObjectProvider<DeadLetterPublishingRecoverer> recoverers, KafkaOperations<String, Object> kafka) {
        this.classifier = classifier;
        this.reader = new WholeTopicReader(Topics.ROUTING_FEEDBACK.name(), () -> consumers.create("feedback"), this);
        // service-support's recoverer when it offers one (it counts dead letters), else the same destination
        this.deadLetters = recoverers.getIfAvailable(() -> new DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1)));
    }

    @Override
    public void records(List<ConsumerRecord<String, Object>> records) {
        for (ConsumerRecord<String, Object> record : records) {
            if (record.value() instanceof RoutingFeedback feedback) {
                onFeedback(record.key(), feedback);
            }
        }
    }

    @Override
    public void poison(ConsumerRecord<String, Object> record, DeserializationException error) {
        log.warn("A correction at {}-{}@{} cannot be read, to {}: {}", record.topic(), record.partition(), record.offset(),
                Topics.deadLetterOf(record.topic()), error.getMessage());
        deadLetters.accept(record, null, error);
    }

    void onFeedback(String key, RoutingFeedback feedback) {
        if (feedback.text() == null || feedback.text().isBlank()) {
            log.debug("Ignoring a correction without text with key {}", key);
            return;
        }
        String id = feedback.postId() != null ? feedback.postId() : key;
        classifier.learn(new LabelledPost(id, feedback.text(), feedback.language(), feedback.policyFile(),
                feedback.issueKind()));
        log.info("Learning from a correction of {}: {} -> {}", id, feedback.previousPolicyFile(), feedback.policyFile());
    }

    @Override
    public void start() {
        reader.start();
    }

    @Override
    public void stop() {
        reader.stop();
    }

    @Override
    public boolean isRunning() {
        return reader.isRunning();
    }
}
