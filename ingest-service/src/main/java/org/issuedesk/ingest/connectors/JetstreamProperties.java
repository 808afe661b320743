package org.issuedesk.ingest.connectors;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Bluesky's Jetstream firehose ({@code issuedesk.ingest.connectors.jetstream.*}), the streaming
 * alternative to the post search: every new post of the network, filtered here by keywords.
 *
 * @param enabled            keep a subscription open; off by default
 * @param url                a Jetstream instance's {@code /subscribe} endpoint (ws:// or wss://)
 * @param keywords           a post is taken when its text holds one of these as a word or phrase
 *                           (case-insensitive, {@code #EI} matches {@code EI}); empty takes every post of the
 *                           network (hundreds per second: set keywords)
 * @param batchSize          posts handed to the intake at once
 * @param flushInterval      a smaller batch is handed over (and the cursor stored) after this long
 * @param reconnectBackoff   wait before reconnecting after the stream ended or failed, doubled up to
 *                           {@code max-reconnect-backoff}
 * @param connectTimeout     of the WebSocket handshake
 * @param maxMessageChars    an event longer than this is skipped and counted as malformed
 */
@Validated
@ConfigurationProperties("issuedesk.ingest.connectors.jetstream")
public record JetstreamProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("wss://jetstream2.us-east.bsky.network/subscribe") @NotNull URI url,
        @DefaultValue({}) List<@NotBlank @Size(max = 100) String> keywords,
        @DefaultValue("100") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("1s") @NotNull Duration flushInterval,
        @DefaultValue("2s") @NotNull Duration reconnectBackoff,
        @DefaultValue("1m") @NotNull Duration maxReconnectBackoff,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("100000") @Min(1000) @Max(10_000_000) int maxMessageChars) {

    /** Checked at start-up: an http(s) URL would otherwise fail at every reconnection, in the log only. */
    @AssertTrue(message = "must be a ws:// or wss:// URL")
    public boolean isUrlWebSocket() {
        return url == null || "ws".equalsIgnoreCase(url.getScheme()) || "wss".equalsIgnoreCase(url.getScheme());
    }

    @AssertTrue(message = "must be between 10ms and 1m")
    public boolean isFlushIntervalValid() {
        return flushInterval == null
                || flushInterval.compareTo(Duration.ofMillis(10)) >= 0 && flushInterval.compareTo(Duration.ofMinutes(1)) <= 0;
    }

    @AssertTrue(message = "must be at least 10ms and at most max-reconnect-backoff")
    public boolean isReconnectBackoffValid() {
        return reconnectBackoff == null || maxReconnectBackoff == null
                || reconnectBackoff.compareTo(Duration.ofMillis(10)) >= 0 && reconnectBackoff.compareTo(maxReconnectBackoff) <= 0;
    }
}
