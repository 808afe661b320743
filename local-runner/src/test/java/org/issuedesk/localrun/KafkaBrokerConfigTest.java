package org.issuedesk.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerConfigTest {

    @TempDir
    Path data;

    @Test
    void shouldConfigureOneCombinedNodeOnLoopbackWithTheGivenPorts() throws IOException {
        // Given
        KafkaBroker broker = new KafkaBroker(data.resolve("lib"), data, 19092, 19093);

        // When
        Properties config = parse(broker.serverProperties());

        // Then
        assertThat(config).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("log.dirs", data.resolve("kafka").resolve("data").toString());
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(broker.logFile()).isEqualTo(data.resolve("logs").resolve("kafka.log"));
    }

    @Test
    void shouldSetEveryReplicationFactorAndMinimumInSyncCountToOne() throws IOException {
        // Given: routing writes with transactions, so the transaction log must be writable on one node
        Properties config = parse(new KafkaBroker(data, data, 9092, 9093).serverProperties());

        // Then
        assertThat(config.stringPropertyNames())
                .filteredOn(name -> name.endsWith("replication.factor") || name.endsWith("min.isr")
                        || name.equals("min.insync.replicas"))
                .containsExactlyInAnyOrder("default.replication.factor", "min.insync.replicas",
                        "offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                        "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor",
                        "share.coordinator.state.topic.min.isr")
                .allSatisfy(name -> assertThat(config.getProperty(name)).isEqualTo("1"));
    }

    @Test
    void shouldBeUnformattedUntilTheLogDirectoryHoldsMetaProperties() throws IOException {
        // Given
        KafkaBroker broker = new KafkaBroker(data, data, 9092, 9093);
        broker.writeConfiguration();
        assertThat(broker.isFormatted()).isFalse();

        // When
        Files.writeString(broker.logDirs().resolve("meta.properties"), "node.id=1\n");

        // Then
        assertThat(broker.isFormatted()).isTrue();
    }

    @Test
    void shouldWriteTheConfigurationUnderTheDataFolder() throws IOException {
        // Given
        KafkaBroker broker = new KafkaBroker(data, data, 9092, 9093);

        // When
        broker.writeConfiguration();

        // Then
        assertThat(parse(Files.readString(data.resolve("kafka/server.properties"))))
                .containsEntry("node.id", "1");
        assertThat(Files.readString(data.resolve("kafka/log4j2.properties"))).contains("rootLogger.level=INFO");
        assertThat(data.resolve("kafka/data")).isDirectory();
    }

    @Test
    void shouldMakeClusterIdsLikeKafkaStorageRandomUuid() {
        for (int i = 0; i < 200; i++) {
            assertThat(KafkaBroker.newClusterId()).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
        }
        assertThat(KafkaBroker.newClusterId()).isNotEqualTo(KafkaBroker.newClusterId());
    }

    private static Properties parse(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
