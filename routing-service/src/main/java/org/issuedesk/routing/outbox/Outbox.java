package org.issuedesk.routing.outbox;

import java.time.Clock;
import java.time.ZoneOffset;

import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topic;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records to publish, stored in the caller's database transaction: a workflow change and the events that
 * announce it commit together or not at all. {@link OutboxRelay} publishes them afterwards.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Must run inside the database transaction of the change it announces. */
    @Transactional(value = "transactionManager", propagation = Propagation.MANDATORY)
    public <V> void add(Topic<V> topic, String key, V value) {
        jdbc.sql("INSERT INTO outbox (topic, record_key, payload, created_at) VALUES (:topic, :key, :payload, :now)")
                .param("topic", topic.name())
                .param("key", key)
                .param("payload", EventJson.mapper().writeValueAsString(value))
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }
}
