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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The Mastodon hashtag-timeline connector ({@code issuedesk.ingest.connectors.mastodon.*}).
 *
 * @param enabled      poll on a schedule; off by default
 * @param pollInterval time between rounds over all timelines
 * @param pageLimit    statuses per request ({@code limit}; Mastodon allows up to 40)
 * @param maxPages     pages per timeline and round (the rest waits for the next round)
 * @param backfillPages older pages ({@code max_id}) taken after the latest one on the very first round of a
 *                     timeline (no cursor yet); 0 for none
 * @param maxAttempts  attempts per request on 429, 5xx or an I/O error
 * @param backoff      wait before the second attempt, doubled each time; a {@code Retry-After} wins
 * @param timeout      connect and read timeout of one request
 * @param timelines    the instance (e.g. https://mastodon.social) and hashtag (without '#') of each timeline
 */
@Validated
@ConfigurationProperties("issuedesk.ingest.connectors.mastodon")
public record MastodonProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("2m") @NotNull Duration pollInterval,
        @DefaultValue("40") @Min(1) @Max(40) int pageLimit,
        @DefaultValue("10") @Min(1) @Max(100) int maxPages,
        @DefaultValue("5") @Min(0) @Max(100) int backfillPages,
        @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
        @DefaultValue("2s") @NotNull Duration backoff,
        @DefaultValue("10s") @NotNull Duration timeout,
        @DefaultValue({}) List<@Valid Timeline> timelines) implements PollingProperties {

    public record Timeline(@NotNull URI instance, @NotNull @Pattern(regexp = "[\\p{L}\\p{N}_]{1,100}") String hashtag) {

        /** The cursor's key. */
        public String source() {
            return "mastodon:" + instance.getHost() + ":" + hashtag.toLowerCase(java.util.Locale.ROOT);
        }
    }
}
