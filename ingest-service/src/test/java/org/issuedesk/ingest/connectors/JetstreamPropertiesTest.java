package org.issuedesk.ingest.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

class JetstreamPropertiesTest {

    private static final ValidatorFactory validation = Validation.buildDefaultValidatorFactory();

    @AfterAll
    static void close() {
        validation.close();
    }

    @Test
    void shouldAcceptTheDefaults() {
        // Given the values the record's defaults give
        var defaults = new JetstreamProperties(false, URI.create("wss://jetstream2.us-east.bsky.network/subscribe"),
                List.of(), 100, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(1),
                Duration.ofSeconds(10), 100_000);

        // Then
        assertThat(validation.getValidator().validate(defaults)).isEmpty();
    }

    @Test
    void shouldNameEverySettingOutOfRange() {
        // Given an https URL, a blank keyword and timings out of range
        var wrong = new JetstreamProperties(true, URI.create("https://jetstream2.us-east.bsky.network/subscribe"),
                List.of(" "), 0, Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(10), 10);

        // When
        var violations = validation.getValidator().validate(wrong);

        // Then
        assertThat(violations).extracting(v -> v.getPropertyPath().toString()).containsExactlyInAnyOrder(
                "urlWebSocket", "keywords[0].<list element>", "batchSize", "flushIntervalValid", "reconnectBackoffValid",
                "maxMessageChars");
    }
}
