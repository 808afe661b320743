package org.issuedesk.ingest.intake;

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
 * Limits of {@code POST /api/posts/batch} ({@code issuedesk.ingest.batch.*}); the text length limit
 * is the one of single posts.
 *
 * @param maxItems    most posts in one batch; more is answered 413
 * @param maxBodySize largest batch body; a plain number means bytes; more is answered 413
 */
@Validated
@ConfigurationProperties("issuedesk.ingest.batch")
public record BatchProperties(
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxItems,
        @DefaultValue("4MB") @DataSizeUnit(DataUnit.BYTES) @NotNull DataSize maxBodySize) {

    /** The body is held in memory while it is parsed. */
    @AssertTrue(message = "must be between 1 byte and 64MB")
    public boolean isMaxBodySizeValid() {
        return maxBodySize == null || (maxBodySize.toBytes() >= 1 && maxBodySize.compareTo(DataSize.ofMegabytes(64)) <= 0);
    }
}
