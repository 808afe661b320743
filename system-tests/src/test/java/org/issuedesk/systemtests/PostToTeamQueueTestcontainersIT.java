package org.issuedesk.systemtests;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The end-to-end scenario over the same images as the compose file: Kafka ({@code apache/kafka}, KRaft)
 * and PostgreSQL in containers, with the four services started for this class. Skipped, with the reason in
 * the report, where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostToTeamQueueTestcontainersIT extends PostToTeamQueueScenario {

    /** The broker version of the clients (kafka-clients 4.1.x). */
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private KafkaContainer kafka;
    private PostgreSQLContainer postgres;
    private IssueDeskProcesses system;

    @BeforeAll
    void startContainersAndSystem() {
        long started = System.nanoTime();
        // KafkaContainer's KRaft node already sets every replication factor and min ISR to 1
        kafka = new KafkaContainer(KAFKA_IMAGE);
        postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
        kafka.start();
        postgres.start();
        system = IssueDeskProcesses.start(kafka.getBootstrapServers(), Map.of(
                "spring.datasource.url", postgres.getJdbcUrl(),
                "spring.datasource.username", postgres.getUsername(),
                "spring.datasource.password", postgres.getPassword()), getClass().getSimpleName());
        use(system, kafka.getBootstrapServers(), system.apiKey());
        System.out.printf("%s: broker, database and four services ready in %d s%n", getClass().getSimpleName(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    @AfterAll
    void stopSystemAndContainers() {
        try {
            if (system != null) {
                system.close();
            }
        } finally {
            try {
                if (kafka != null) {
                    kafka.stop();
                }
            } finally {
                if (postgres != null) {
                    postgres.stop();
                }
            }
        }
    }
}
