package org.issuedesk.ingest.connectors;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The RSS 2.0 / Atom connector ({@code issuedesk.ingest.connectors.feeds.*}).
 *
 * @param enabled      poll on a schedule; off by default
 * @param pollInterval time between the end of one round over all feeds and the next
 * @param maxAttempts  attempts per fetch (the first included) on 429, 5xx or an I/O error
 * @param backoff      wait before the second attempt, doubled each time; a {@code Retry-After} wins
 * @param timeout      connect and read timeout of one fetch
 * @param feeds        the feeds: a name (the cursor's and metrics' source, lower case) and a URL
 */
@Validated
@ConfigurationProperties("issuedesk.ingest.connectors.feeds")
public record FeedProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("5m") @NotNull Duration pollInterval,
        @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
        @DefaultValue("2s") @NotNull Duration backoff,
        @DefaultValue("10s") @NotNull Duration timeout,
        @DefaultValue({}) List<@Valid Feed> feeds) implements PollingProperties {

    public record Feed(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}") String name, @NotNull URI url) {
    }
}
