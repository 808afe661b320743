package org.issuedesk.ingest.intake;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The circuit breaker around publishing to posts.raw ({@code issuedesk.ingest.breaker.*}). Each
 * request's publish (one post or a whole batch) is one call; it fails when any post was not acknowledged.
 *
 * @param failureRateThreshold  percentage of failed calls in the window that opens the breaker
 * @param slidingWindowSize     how many of the last calls are counted
 * @param minimumNumberOfCalls  calls needed before the rate counts (a cold start with the broker away
 *                              opens it after this many)
 * @param waitInOpenState       how long it answers 503 without trying; also the {@code Retry-After}
 * @param permittedCallsInHalfOpenState trial calls once that wait is over; their success closes it
 */
@Validated
@ConfigurationProperties("issuedesk.ingest.breaker")
public record BreakerProperties(
        @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
        @DefaultValue("10") @Min(1) @Max(1000) int slidingWindowSize,
        @DefaultValue("2") @Min(1) @Max(1000) int minimumNumberOfCalls,
        @DefaultValue("5s") @NotNull Duration waitInOpenState,
        @DefaultValue("1") @Min(1) @Max(100) int permittedCallsInHalfOpenState) {

    @AssertTrue(message = "must be between 1s and 10m")
    public boolean isWaitInOpenStateValid() {
        return waitInOpenState == null
                || (waitInOpenState.toSeconds() >= 1 && waitInOpenState.compareTo(Duration.ofMinutes(10)) <= 0);
    }
}
