package org.issuedesk.routing.emerging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.routing.cases.CaseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Reads {@code issues.alerts} in a consumer group of its own, so alerts never wait behind posts. An alert
 * that can never be applied goes to {@code issues.alerts-dlt}; any other failure is retried by
 * service-support's error handling (the database write is idempotent, so a retry is harmless).
 */
@Component
class AlertListener {

    private static final Logger log = LoggerFactory.getLogger(AlertListener.class);

    private final EmergingIssues issues;
    private final DeadLetterPublishingRecoverer deadLetters;

    AlertListener(EmergingIssues issues, DeadLetterPublishingRecoverer deadLetters) {
        this.issues = issues;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "emerging-issues", groupId = "${spring.application.name}-alerts",
            topics = "#{T(org.issuedesk.contracts.Topics).ISSUES_ALERTS.name()}")
    void onAlert(ConsumerRecord<String, Object> record) {
        IssueAlert alert = record.value() instanceof IssueAlert a ? a : null;
        List<String> problems = EmergingIssues.problems(alert);
        if (!problems.isEmpty()) {
            log.warn("alert at {}-{}@{} cannot be applied: {}", record.topic(), record.partition(), record.offset(),
                    problems);
            deadLetters.accept(record, new IllegalArgumentException("cannot apply this alert: "
                    + String.join(", ", problems)));
            return;
        }
        issues.apply(alert, new CaseRepository.Source(record.partition(), record.offset()));
    }
}
