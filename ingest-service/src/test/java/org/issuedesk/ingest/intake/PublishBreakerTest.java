package org.issuedesk.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The breaker's life cycle as the intake drives it: open after failures, then closed again by itself. */
class PublishBreakerTest {

    @Test
    void shouldOpenAfterFailuresAndCloseAgainOnceATrialPublishSucceeds() {
        // Given a breaker that opens after two failed calls and waits one second
        PublishBreaker breaker = new PublishBreaker(new BreakerProperties(50, 10, 2, Duration.ofSeconds(1), 1),
                new SimpleMeterRegistry());

        // When two publishes fail
        breaker.acquire();
        breaker.failed(1_000_000, new IllegalStateException("broker away"));
        breaker.acquire();
        breaker.failed(1_000_000, new IllegalStateException("broker away"));

        // Then requests are refused at once
        assertThat(breaker.isOpen()).isTrue();
        assertThatThrownBy(breaker::acquire).isInstanceOf(PublishUnavailableException.class);

        // When the wait is over, a trial is let through and succeeds (the broker is back)
        await().atMost(Duration.ofSeconds(10)).until(() -> !breaker.isOpen());
        breaker.acquire();
        breaker.succeeded(1_000_000);

        // Then intake is open again
        breaker.acquire();
        breaker.release();
        assertThat(breaker.isOpen()).isFalse();
    }
}
