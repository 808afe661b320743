package org.issuedesk.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

class IngestPropertiesTest {

    private static final ValidatorFactory validation = Validation.buildDefaultValidatorFactory();

    @AfterAll
    static void close() {
        validation.close();
    }

    @Test
    void shouldAcceptTheDefaults() {
        // Given the values application.yml ships
        var defaults = new IngestProperties(10_000, DataSize.ofKilobytes(64), Duration.ofSeconds(5), Duration.ofSeconds(5));

        // Then
        assertThat(validation.getValidator().validate(defaults)).isEmpty();
        assertThat(defaults.maxBodySize().toBytes()).isEqualTo(65_536);
    }

    @Test
    void shouldNameEveryLimitOutOfRange() {
        // Given
        var wrong = new IngestProperties(0, DataSize.ofMegabytes(17), Duration.ZERO, Duration.ofHours(2));

        // When
        var violations = validation.getValidator().validate(wrong);

        // Then
        assertThat(violations).extracting(v -> v.getPropertyPath().toString()).containsExactlyInAnyOrder(
                "maxTextLength", "maxBodySizeValid", "publishTimeoutValid", "retryAfterValid");
        assertThat(violations).extracting(ConstraintViolation::getMessage).contains("must be between 1 byte and 16MB");
    }
}
