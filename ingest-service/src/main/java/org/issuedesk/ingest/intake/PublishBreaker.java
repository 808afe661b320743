package org.issuedesk.ingest.intake;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A Resilience4j circuit breaker around publishing: once the broker has failed often enough, requests
 * are answered 503 with {@code Retry-After} at once, without waiting for the producer to give up, and
 * without touching the ledger. After {@code wait-in-open-state} a trial publish goes through; when the
 * broker is back it closes the breaker, so intake resumes by itself. Connectors ask {@link #isOpen()}
 * to pause without moving their cursors.
 */
@Component
public class PublishBreaker {

    public static final String STATE = "issuedesk.ingest.breaker.state";

    private final CircuitBreaker breaker;
    private final Duration retryAfter;

    public PublishBreaker(BreakerProperties properties, MeterRegistry registry) {
        this.breaker = CircuitBreaker.of("posts-raw", CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumNumberOfCalls())
                .waitDurationInOpenState(properties.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(properties.permittedCallsInHalfOpenState())
                // half-open on its own after the wait: the next request is the trial
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        this.retryAfter = properties.waitInOpenState();
        Gauge.builder(STATE, breaker, b -> switch (b.getState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        }).description("Circuit breaker around publishing to posts.raw: 0 closed, 1 half-open, 2 open")
                .register(registry);
    }

    /** @throws PublishUnavailableException when the breaker is open (or its half-open trials are taken) */
    void acquire() {
        if (!breaker.tryAcquirePermission()) {
            throw new PublishUnavailableException(retryAfter,
                    "The post was not stored: the message broker is unavailable. Send it again later.");
        }
    }

    /** The call ended without publishing anything (all duplicates or rejected). */
    void release() {
        breaker.releasePermission();
    }

    void succeeded(long nanos) {
        breaker.onSuccess(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void failed(long nanos, Throwable cause) {
        breaker.onError(nanos, java.util.concurrent.TimeUnit.NANOSECONDS, cause);
    }

    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
    }

    /** How many calls were refused without trying the broker since the breaker last changed state. */
    public long refusedCalls() {
        return breaker.getMetrics().getNumberOfNotPermittedCalls();
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
