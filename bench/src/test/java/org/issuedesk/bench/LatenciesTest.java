package org.issuedesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void shouldGiveNearestRankPercentilesOfTheSamples() {
        // Given: 1..100 ms
        Latencies latencies = new Latencies();
        for (int ms = 100; ms >= 1; ms--) {
            latencies.add(ms * 1_000_000L);
        }

        // When
        Latencies.Summary summary = latencies.summary();

        // Then
        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50()).isEqualTo(50_000_000L);
        assertThat(summary.p95()).isEqualTo(95_000_000L);
        assertThat(summary.p99()).isEqualTo(99_000_000L);
        assertThat(summary.max()).isEqualTo(100_000_000L);
        assertThat(summary.millis()).startsWith("p50 50.0 ms, p95 95.0 ms, p99 99.0 ms, max 100.0 ms");
    }

    @Test
    void shouldReportZeroesWithoutSamples() {
        assertThat(new Latencies().summary()).isEqualTo(new Latencies.Summary(0, 0, 0, 0, 0));
    }
}
