package org.issuedesk.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.issuedesk.gateway.security.Role;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings ({@code issuedesk.gateway.*}), checked at startup so that a typo fails the start
 * instead of the first request. Named apart from Spring Cloud Gateway's {@code GatewayProperties}.
 *
 * @param services      base URLs of the services behind the routes; application.yml's route {@code uri}s refer to them
 * @param resilience    edge time limits and circuit-breaker timing
 * @param apiKeys       accepted API keys, stored as SHA-256 hashes; empty means only bearer tokens get in
 * @param jwt           how roles and teams are read from an OpenID Connect issuer's tokens
 * @param internalToken the token that carries the verified identity to the services
 * @param rateLimit     requests allowed per client
 * @param maxBodySize   largest request body forwarded to a service (413 above it)
 * @param cors          origins of internal web tools allowed to call the API from a browser
 * @param sso           single sign-on for the console's browsers (off unless an issuer is set)
 */
@Validated
@ConfigurationProperties("issuedesk.gateway")
public record IssueDeskGatewayProperties(
        @Valid @NotNull Services services,
        @Valid @NotNull Resilience resilience,
        List<@Valid @NotNull ApiKey> apiKeys,
        @Valid @NotNull @DefaultValue Jwt jwt,
        @Valid @NotNull @DefaultValue InternalToken internalToken,
        @Valid @NotNull @DefaultValue RateLimit rateLimit,
        @NotNull @DefaultValue("4MB") DataSize maxBodySize,
        @Valid @NotNull @DefaultValue Cors cors,
        @Valid @NotNull @DefaultValue Sso sso) {

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
     * @param failureWindow how many recent calls the breaker judges on
     * @param minimumCalls  how many calls it needs before it may open
     * @param routes        per-route overrides of the time limit, by route id (e.g. {@code routing-service})
     */
    public record Resilience(
            @NotNull @DurationMin(millis = 100) Duration timeLimit,
            @NotNull @DurationMin(seconds = 1) Duration openStateWait,
            @DefaultValue("20") @Min(1) int failureWindow,
            @DefaultValue("10") @Min(1) int minimumCalls,
            Map<String, @Valid @NotNull RouteLimits> routes) {

        public Resilience {
            routes = routes == null ? Map.of() : Map.copyOf(routes);
        }

        public record RouteLimits(@NotNull @DurationMin(millis = 100) Duration timeLimit) {
        }
    }

    /**
     * @param name   who the key belongs to; the subject of the identity forwarded to the services
     * @param sha256 hex SHA-256 of the key; the key itself is never stored
     * @param roles  what the key may do (at least one)
     * @param teams  the teams whose cases it reaches, for the member and lead roles
     */
    public record ApiKey(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 letters, digits, '.', '_' or '-'") String name,
            @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a hex SHA-256 (64 hex digits)") String sha256,
            @NotEmpty(message = "must name at least one role (ingest, member, lead, analyst, admin)") List<@NotNull Role> roles,
            List<@NotBlank String> teams) {

        public ApiKey {
            roles = roles == null ? List.of() : List.copyOf(roles);
            teams = teams == null ? List.of() : List.copyOf(teams);
        }

        @Override
        public String toString() {
            return "ApiKey[name=" + name + ", roles=" + roles + ", teams=" + teams + "]";
        }
    }

    /**
     * Where an OpenID Connect issuer's access tokens keep roles and teams. The issuer itself is Spring Boot's
     * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}.
     *
     * @param rolesClaim  claim holding the role names; a dotted path reaches into objects (Keycloak:
     *                    {@code realm_access.roles})
     * @param teamsClaim  claim holding the team ids (Keycloak: {@code groups}; a leading '/' is dropped)
     * @param subjectClaim claim naming the caller in logs and in the forwarded identity
     */
    public record Jwt(
            @NotBlank @DefaultValue("roles") String rolesClaim,
            @NotBlank @DefaultValue("teams") String teamsClaim,
            @NotBlank @DefaultValue("sub") String subjectClaim) {
    }

    /**
     * @param key    HMAC-SHA256 secret shared with the services (env {@code ISSUEDESK_INTERNAL_KEY}), at least 32
     *               bytes; blank means a random key per start (services cannot verify it: fine only until they do)
     * @param issuer the {@code iss} claim
     * @param ttl    lifetime of one token: one request's trip through a service
     */
    public record InternalToken(
            String key,
            @NotBlank @DefaultValue("issuedesk-gateway") String issuer,
            @NotNull @DefaultValue("30s") @DurationMin(seconds = 1) @DurationMax(seconds = 60) Duration ttl) {

        @Override
        public String toString() {
            return "InternalToken[issuer=" + issuer + ", ttl=" + ttl + "]";
        }
    }

    /**
     * A token bucket per client (the authenticated name).
     *
     * @param enabled           false lets every request through
     * @param requestsPerSecond refill rate
     * @param burst             bucket size: how many requests a quiet client may send at once
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("50") @Positive double requestsPerSecond,
            @DefaultValue("100") @Min(1) int burst) {
    }

    /** @param allowedOrigins browser origins allowed to call /api (none: CORS stays off) */
    public record Cors(
            List<@NotBlank String> allowedOrigins,
            @NotNull @DefaultValue("1h") Duration maxAge) {

        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    /**
     * Single sign-on for people in a browser: the gateway is the OpenID Connect client (authorization code with
     * PKCE), keeps the signed-in identity in a session cookie, and forwards it to the services like any other
     * caller's. Off while {@code issuerUri} is blank.
     *
     * @param issuerUri             the provider's issuer, exactly as its tokens name it and as browsers reach it
     * @param metadataUri           where the gateway reads the provider's OpenID configuration when it reaches the
     *                              provider at another address than browsers do (compose: inside the network);
     *                              default {@code issuerUri + /.well-known/openid-configuration}
     * @param clientId              the gateway's client at the provider
     * @param clientSecret          its secret, from the environment only ({@code ISSUEDESK_SSO_CLIENT_SECRET});
     *                              blank: a public client (PKCE alone)
     * @param scopes                scopes asked for; {@code openid} is needed
     * @param secureCookie          session and CSRF cookies only over HTTPS; false for plain-http trials
     * @param postLogoutRedirectUri where the provider sends the browser after signing out ({@code {baseUrl}}: the
     *                              gateway's own address)
     */
    public record Sso(
            String issuerUri,
            String metadataUri,
            String clientId,
            String clientSecret,
            @NotEmpty @DefaultValue({"openid", "profile"}) List<@NotBlank String> scopes,
            @DefaultValue("true") boolean secureCookie,
            @NotBlank @DefaultValue("{baseUrl}/") String postLogoutRedirectUri) {

        /** No single sign-on: API keys and bearer tokens only. */
        public static final Sso OFF = new Sso(null, null, null, null, List.of("openid"), true, "{baseUrl}/");

        public Sso {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
            if (hasText(issuerUri) && !hasText(clientId)) {
                throw new IllegalArgumentException("issuedesk.gateway.sso.client-id must be set when issuer-uri is");
            }
        }

        public boolean enabled() {
            return hasText(issuerUri);
        }

        /** Where the provider's OpenID configuration is read from. */
        public String metadataLocation() {
            return hasText(metadataUri) ? metadataUri
                    : issuerUri.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        }

        private static boolean hasText(String value) {
            return value != null && !value.isBlank();
        }

        @Override
        public String toString() {
            return "Sso[issuerUri=" + issuerUri + ", clientId=" + clientId + ", scopes=" + scopes + "]";
        }
    }
}
