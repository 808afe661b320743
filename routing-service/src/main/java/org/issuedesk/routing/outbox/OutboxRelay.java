package org.issuedesk.routing.outbox;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topic;
import org.issuedesk.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the {@code outbox} table to Kafka, oldest first. Each batch: lock the relay row (one relay at a
 * time, whatever the number of instances, so records keep their order), send the batch in one Kafka
 * transaction and commit it, then delete the rows and commit the database.
 *
 * <p>Guarantee: nothing is lost (a row is deleted only after its Kafka transaction committed); after a
 * crash between the Kafka commit and the database commit the batch is published again, with the same
 * event ids, so consumers of {@code cases.events} deduplicate by {@code eventId} (at-least-once,
 * idempotent by id). Order per key is kept: one relay, rows in sequence.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, Object> kafka;
    private final TransactionTemplate transaction;

    public OutboxRelay(JdbcClient jdbc, KafkaTemplate<String, Object> kafka,
            @Qualifier("transactionManager") PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    private record Row(long seq, String topic, String key, String payload) {
    }

    @Scheduled(fixedDelayString = "${issuedesk.routing.outbox.interval:PT0.2S}")
    public void relayScheduled() {
        try {
            while (relay() == BATCH) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            // the rows stay; the next run tries again
            log.warn("Outbox relay failed, will retry: {}", e.toString());
        }
    }

    /** Publishes one batch; returns how many records it published. */
    public int relay() {
        Integer published = transaction.execute(status -> relayInTransaction());
        return published == null ? 0 : published;
    }

    private int relayInTransaction() {
        jdbc.sql("SELECT id FROM outbox_lock WHERE id = 1 FOR UPDATE").query(Integer.class).single();
        List<Row> rows = jdbc.sql("SELECT seq, topic, record_key, payload FROM outbox ORDER BY seq LIMIT :batch")
                .param("batch", BATCH)
                .query((rs, n) -> new Row(rs.getLong("seq"), rs.getString("topic"), rs.getString("record_key"),
                        rs.getString("payload")))
                .list();
        if (rows.isEmpty()) {
            return 0;
        }
        kafka.executeInTransaction(operations -> {
            for (Row row : rows) {
                Topic<?> topic = Topics.byName(row.topic())
                        .orElseThrow(() -> new IllegalStateException("unknown topic in the outbox: " + row.topic()));
                operations.send(row.topic(), row.key(), EventJson.mapper().readValue(row.payload(), topic.valueType()));
            }
            return null;
        });
        jdbc.sql("DELETE FROM outbox WHERE seq <= :last").param("last", rows.get(rows.size() - 1).seq()).update();
        return rows.size();
    }

    /** For tests and shutdown: publishes until the outbox is empty. */
    public void drain() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (relay() > 0 && System.nanoTime() < deadline) {
            // next batch
        }
    }
}
