package org.issuedesk.routing.emerging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;

/**
 * Emerging-issue cases, under {@code issuedesk.routing.emerging}.
 *
 * @param sla                    first response due within this of the alert's arrival (priority high)
 * @param misinformationSla      the same for a surge of misinformation, which is urgent (one correction
 *                               before the falsehood spreads further)
 */
@Validated
@ConfigurationProperties("issuedesk.routing.emerging")
public record EmergingProperties(Duration sla, Duration misinformationSla) {

    public EmergingProperties {
        sla = sla == null ? Duration.ofHours(1) : sla;
        misinformationSla = misinformationSla == null ? Duration.ofMinutes(30) : misinformationSla;
    }

    @AssertTrue(message = "sla and misinformation-sla must be positive")
    public boolean isEverySlaPositive() {
        return !sla.isNegative() && !sla.isZero() && !misinformationSla.isNegative() && !misinformationSla.isZero();
    }
}
