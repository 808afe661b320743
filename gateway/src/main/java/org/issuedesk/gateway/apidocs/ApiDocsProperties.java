package org.issuedesk.gateway.apidocs;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where each service publishes its OpenAPI document ({@code issuedesk.gateway.api-docs.*}).
 *
 * @param path    the document's path on every service (springdoc's default)
 * @param timeout how long the gateway waits for one; a service without a document gets a placeholder
 */
@Validated
@ConfigurationProperties("issuedesk.gateway.api-docs")
public record ApiDocsProperties(
        @NotNull @DefaultValue("/v3/api-docs") @Pattern(regexp = "/[A-Za-z0-9/._-]*") String path,
        @NotNull @DefaultValue("3s") @DurationMin(millis = 100) Duration timeout) {
}
