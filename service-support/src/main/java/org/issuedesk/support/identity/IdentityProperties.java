package org.issuedesk.support.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * How a service checks the identity the gateway forwards ({@code issuedesk.identity.*}).
 *
 * @param key    the HMAC key shared with the gateway; {@code ISSUEDESK_INTERNAL_KEY} by default (issuedesk-defaults).
 *               Required: without it the service does not start, except in the {@code local} profile, which falls
 *               back to the documented development key
 * @param issuer the {@code iss} the gateway puts in its tokens
 */
@Validated
@ConfigurationProperties("issuedesk.identity")
public record IdentityProperties(String key, @NotBlank @DefaultValue("issuedesk-gateway") String issuer) {

    /** The local run mode's documented development key (docs/gateway.md); the gateway's local profile uses it too. */
    public static final String LOCAL_DEV_KEY = "local-dev-internal-key-not-a-secret-000";

    @Override
    public String toString() {
        return "IdentityProperties[issuer=" + issuer + "]";
    }
}
