package org.issuedesk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void shouldTargetTheLocalRunModeByDefault() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.mode()).isEqualTo(BenchOptions.Mode.HTTP);
        assertThat(options.gateway()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(options.apiKey()).isEqualTo("local-dev-key");
        assertThat(options.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(options.rate()).isZero();
        assertThat(options.baseline()).isTrue();
        assertThat(options.services()).containsOnlyKeys("gateway", "ingest-service", "classifier-service",
                "routing-service");
    }

    @Test
    void shouldTurnRateAndDurationIntoACount() {
        BenchOptions options = BenchOptions.parse("--rate", "1000", "--duration", "60", "--mode", "kafka",
                "--bootstrap", "kafka:9092", "--services", "none", "--no-baseline");

        assertThat(options.count()).isEqualTo(60_000);
        assertThat(options.mode()).isEqualTo(BenchOptions.Mode.KAFKA);
        assertThat(options.bootstrap()).isEqualTo("kafka:9092");
        assertThat(options.services()).isEmpty();
        assertThat(options.baseline()).isFalse();
    }

    @Test
    void shouldRefuseADurationWithoutARateAndUnknownOptions() {
        assertThatThrownBy(() -> BenchOptions.parse("--duration", "60")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> BenchOptions.parse("--speed", "9")).hasMessageContaining("--speed");
        assertThatThrownBy(() -> BenchOptions.parse("--count")).hasMessageContaining("needs a value");
    }
}
