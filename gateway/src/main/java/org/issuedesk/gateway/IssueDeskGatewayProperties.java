package org.issuedesk.gateway;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings ({@code issuedesk.gateway.*}), checked at startup so that a typo fails the start
 * instead of the first request. Named apart from Spring Cloud Gateway's {@code GatewayProperties}.
 *
 * @param services  base URLs of the services behind the routes; application.yml's route {@code uri}s refer to them
 * @param resilience edge time limit and circuit-breaker timing
 * @param apiKeys   accepted API keys, stored as SHA-256 hashes; empty means every /api request is refused
 */
@Validated
@ConfigurationProperties("issuedesk.gateway")
public record IssueDeskGatewayProperties(
        @Valid @NotNull Services services,
        @Valid @NotNull Resilience resilience,
        List<@Valid @NotNull ApiKey> apiKeys) {

    /** scheme://host[:port], nothing after it: the route keeps the request's own path. */
    private static final String BASE_URL = "https?://[^\\s/?#]+";

    public IssueDeskGatewayProperties {
        // no key configured is a valid (locked) state, not a missing setting
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    public record Services(
            @NotBlank @Pattern(regexp = BASE_URL, message = "must be an http(s) base URL without a path") String ingest,
            @NotBlank @Pattern(regexp = BASE_URL, message = "must be an http(s) base URL without a path") String classifier,
            @NotBlank @Pattern(regexp = BASE_URL, message = "must be an http(s) base URL without a path") String routing) {
    }

    /**
     * @param timeLimit     longest a service may take to answer (retries included) before the fallback answers
     * @param openStateWait how long an open circuit refuses calls before it lets trial calls through; also the
     *                      {@code Retry-After} the fallback announces
     */
    public record Resilience(
            @NotNull @DurationMin(millis = 100) Duration timeLimit,
            @NotNull @DurationMin(seconds = 1) Duration openStateWait) {
    }

    /**
     * @param name   who the key belongs to; forwarded to the services as {@code X-Issuedesk-Client}
     * @param sha256 hex SHA-256 of the key; the key itself is never stored
     */
    public record ApiKey(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 letters, digits, '.', '_' or '-'") String name,
            @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a hex SHA-256 (64 hex digits)") String sha256) {

        @Override
        public String toString() {
            return "ApiKey[name=" + name + "]";
        }
    }
}
