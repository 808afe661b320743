package org.issuedesk.classifier.feedback;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.classifier.classification.AdaptiveClassifier;
import org.issuedesk.classifier.classification.LabelledPost;
import org.issuedesk.contracts.routing.RoutingFeedback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Learns from every correction a team makes ({@code routing.feedback}). Every instance must learn
 * from every correction, so each reads the whole topic in a consumer group of its own (from the
 * earliest offset: a restarted instance replays the corrections and ends with the same model).
 */
@Component
public class FeedbackListener {

    private static final Logger log = LoggerFactory.getLogger(FeedbackListener.class);

    private final AdaptiveClassifier classifier;

    public FeedbackListener(AdaptiveClassifier classifier) {
        this.classifier = classifier;
    }

    @KafkaListener(topics = "#{T(org.issuedesk.contracts.Topics).ROUTING_FEEDBACK.name()}",
            groupId = "#{'classifier-service-feedback-' + T(java.util.UUID).randomUUID()}")
    public void onFeedback(ConsumerRecord<String, RoutingFeedback> record) {
        RoutingFeedback feedback = record.value();
        if (feedback == null || feedback.text() == null || feedback.text().isBlank()) {
            log.debug("Ignoring a correction without text on {} with key {}", record.topic(), record.key());
            return;
        }
        String id = feedback.postId() != null ? feedback.postId() : record.key();
        classifier.learn(new LabelledPost(id, feedback.text(), feedback.language(), feedback.policyFile(),
                feedback.issueKind()));
        log.info("Learning from a correction of {}: {} -> {}", id, feedback.previousPolicyFile(), feedback.policyFile());
    }
}
