package org.issuedesk.systemtests;

import java.util.Map;

import org.issuedesk.testsupport.TestDatabase;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The end-to-end scenario over spring-kafka-test's KRaft broker, in this JVM (no Spring context), and a
 * fresh schema on the test PostgreSQL (Testcontainers where Docker runs, else the machine's own).
 */
class PostToTeamQueueIT extends PostToTeamQueueScenario {

    private EmbeddedKafkaKraftBroker broker;

    @Override
    protected Infrastructure startInfrastructure() {
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        // one node: routing's transactions need a transaction log that one replica satisfies
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.num.partitions", "10",
                "transaction.state.log.num.partitions", "10"));
        broker.afterPropertiesSet();
        return new Infrastructure(broker.getBrokersAsString(), TestDatabase.freshSchema().springProperties());
    }

    @Override
    protected void stopInfrastructure() {
        if (broker != null) {
            broker.destroy();
        }
    }
}
