package org.issuedesk.ingest.intake;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Limits of the REST intake ({@code issuedesk.ingest.*}).
 *
 * @param maxTextLength  longest accepted post text, in characters (code points)
 * @param maxBodySize    largest accepted request body; a plain number means bytes
 * @param publishTimeout how long a request waits for the broker's acknowledgement before answering 503
 * @param retryAfter     what the {@code Retry-After} header of a 503 suggests
 */
@Validated
@ConfigurationProperties("issuedesk.ingest")
public record IngestProperties(
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxTextLength,
        @DefaultValue("64KB") @DataSizeUnit(DataUnit.BYTES) @NotNull DataSize maxBodySize,
        @DefaultValue("5s") @NotNull Duration publishTimeout,
        @DefaultValue("5s") @NotNull Duration retryAfter) {

    /** Bodies are buffered in memory before parsing, so the limit must stay modest. */
    static final DataSize LARGEST_BODY_LIMIT = DataSize.ofMegabytes(16);

    @AssertTrue(message = "must be between 1 byte and 16MB")
    public boolean isMaxBodySizeValid() {
        return maxBodySize == null
                || (maxBodySize.toBytes() >= 1 && maxBodySize.compareTo(LARGEST_BODY_LIMIT) <= 0);
    }

    @AssertTrue(message = "must be between 1ms and 2m")
    public boolean isPublishTimeoutValid() {
        return publishTimeout == null || (publishTimeout.toMillis() >= 1 && publishTimeout.compareTo(Duration.ofMinutes(2)) <= 0);
    }

    @AssertTrue(message = "must be between 1s and 1h")
    public boolean isRetryAfterValid() {
        return retryAfter == null || (retryAfter.toSeconds() >= 1 && retryAfter.compareTo(Duration.ofHours(1)) <= 0);
    }
}
