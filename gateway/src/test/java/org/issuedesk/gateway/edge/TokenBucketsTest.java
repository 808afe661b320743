package org.issuedesk.gateway.edge;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(
            new IssueDeskGatewayProperties.RateLimit(true, 2, 3), nanos::get);

    @Test
    void shouldGrantTheBurstThenOneRequestPerRefill() {
        // Given a client that sends its whole burst at once
        assertThat(buckets.tryTake("a")).isZero();
        assertThat(buckets.tryTake("a")).isZero();
        assertThat(buckets.tryTake("a")).isZero();

        // Then the next request must wait half a second (2 per second)
        assertThat(buckets.tryTake("a")).isEqualTo(Duration.ofMillis(500));

        // And another client is not affected
        assertThat(buckets.tryTake("b")).isZero();

        // When half a second passes, one more is granted, and no more
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(buckets.tryTake("a")).isZero();
        assertThat(buckets.tryTake("a")).isPositive();
    }

    @Test
    void shouldNotSaveUpMoreThanTheBurst() {
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.tryTake("a")).isZero();
        }
        assertThat(buckets.tryTake("a")).isPositive();
    }

    @Test
    void shouldGrantEverythingWhenDisabled() {
        TokenBuckets off = new TokenBuckets(new IssueDeskGatewayProperties.RateLimit(false, 1, 1), nanos::get);
        for (int i = 0; i < 10; i++) {
            assertThat(off.tryTake("a")).isZero();
        }
    }
}
