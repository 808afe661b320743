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
 * The Bluesky post-search connector ({@code issuedesk.ingest.connectors.bluesky.*}).
 *
 * @param enabled      poll on a schedule; off by default
 * @param service      the AppView serving {@code app.bsky.feed.searchPosts}
 * @param pollInterval time between rounds over all searches
 * @param pageLimit    posts per request ({@code limit}, at most 100)
 * @param maxPages     pages per search and round
 * @param searches     a name (the cursor's key, lower case) and a query ({@code q}) each
 */
@Validated
@ConfigurationProperties("issuedesk.ingest.connectors.bluesky")
public record BlueskyProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("https://public.api.bsky.app") @NotNull URI service,
        @DefaultValue("2m") @NotNull Duration pollInterval,
        @DefaultValue("50") @Min(1) @Max(100) int pageLimit,
        @DefaultValue("10") @Min(1) @Max(100) int maxPages,
        @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
        @DefaultValue("2s") @NotNull Duration backoff,
        @DefaultValue("10s") @NotNull Duration timeout,
        @DefaultValue({}) List<@Valid Search> searches) implements PollingProperties {

    public record Search(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}") String name, @NotBlank String query) {
    }
}
