package org.issuedesk.ingest.ledger;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

/**
 * De-duplication ({@code issuedesk.ingest.dedup.*}).
 *
 * @param crossPostWindow how far apart (by {@code createdAt}) two posts of the same author with the same
 *                        normalised text on different platforms may be to count as a cross-post
 * @param staleClaimAfter a post claimed by a request that never finished (the service stopped while
 *                        publishing it) may be claimed again after this long; must exceed the publish timeout
 */
@Validated
@ConfigurationProperties("issuedesk.ingest.dedup")
public record DedupProperties(
        @DefaultValue("24h") @NotNull Duration crossPostWindow,
        @DefaultValue("30s") @NotNull Duration staleClaimAfter) {

    @AssertTrue(message = "must be between 0 and 30 days")
    public boolean isCrossPostWindowValid() {
        return crossPostWindow == null || (!crossPostWindow.isNegative() && crossPostWindow.compareTo(Duration.ofDays(30)) <= 0);
    }

    @AssertTrue(message = "must be between 1s and 1h")
    public boolean isStaleClaimAfterValid() {
        return staleClaimAfter == null
                || (staleClaimAfter.toSeconds() >= 1 && staleClaimAfter.compareTo(Duration.ofHours(1)) <= 0);
    }
}
