package org.issuedesk.contracts.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one definition of the internal identity token: the gateway mints it after verifying a caller, every service
 * verifies it before serving a request (header {@value #HEADER}). Only the JDK and Jackson 3, so the gateway
 * (WebFlux, no Kafka) and the servlet services share it without dragging each other's stacks.
 *
 * <p>Format: a compact JWS, header {@code {"alg":"HS256","typ":"JWT"}}, claims {@code iss}, {@code aud}
 * ({@value #AUDIENCE}), {@code sub}, {@code method} ({@code api-key} or {@code jwt}), {@code roles} and
 * {@code teams} (string arrays), {@code iat}, {@code exp}, {@code jti}; HMAC-SHA256 with the key shared through
 * {@code ISSUEDESK_INTERNAL_KEY}.
 *
 * <p>Accepted only when: three base64url parts; {@code alg} is {@code HS256} (nothing else, in particular not
 * {@code none}); the signature matches (constant-time); {@code iss} is the expected issuer; {@code aud} is
 * {@value #AUDIENCE}; {@code exp} is in the future and at most {@link #MAX_LIFETIME} after {@code iat} (with
 * {@link #CLOCK_SKEW} of skew either way).
 */
public final class InternalToken {

    public static final String HEADER = "X-Issuedesk-Identity";
    public static final String AUDIENCE = "issuedesk-services";
    public static final String DEFAULT_ISSUER = "issuedesk-gateway";
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    /** Keys shorter than this are refused: HS256 needs a key at least as long as its hash. */
    public static final int MIN_KEY_BYTES = 32;
    /** Longer header values are not looked at. */
    public static final int MAX_TOKEN_CHARS = 8192;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String JWS_HEADER = ENCODER.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    /**
     * The caller the gateway verified.
     *
     * @param subject   the caller's name (API key name or the token's subject)
     * @param method    how it proved it: {@code api-key} or {@code jwt}
     * @param roles     lower-case role names: ingest, member, lead, analyst, admin
     * @param teams     the teams whose cases it reaches as member or lead
     * @param expiresAt when the token stops being valid
     */
    public record Identity(String subject, String method, List<String> roles, List<String> teams, Instant expiresAt) {

        public Identity {
            roles = List.copyOf(roles);
            teams = List.copyOf(teams);
        }

        public boolean hasRole(String role) {
            return roles.contains(role);
        }

        /** Member or lead of this team (admins reach every team: check {@code hasRole("admin")} too). */
        public boolean worksIn(String team) {
            return (hasRole("member") || hasRole("lead")) && teams.contains(team);
        }
    }

    private final SecretKeySpec key;
    private final String issuer;
    private final Clock clock;

    public InternalToken(byte[] key, String issuer, Clock clock) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the internal token key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("the internal token issuer must not be blank");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The key as configured: the UTF-8 bytes of {@code ISSUEDESK_INTERNAL_KEY}. */
    public static InternalToken of(String key, String issuer) {
        if (key == null) {
            throw new IllegalArgumentException("the internal token key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        return new InternalToken(key.getBytes(StandardCharsets.UTF_8), issuer, Clock.systemUTC());
    }

    /** A signed token for this caller, valid for {@code ttl} (1 s to {@link #MAX_LIFETIME}). */
    public String mint(String subject, String method, Collection<String> roles, Collection<String> teams, Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("ttl must be between 1 s and " + MAX_LIFETIME.toSeconds() + " s");
        }
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("method", method);
        claims.put("roles", roles.stream().sorted().toList());
        claims.put("teams", teams.stream().sorted().toList());
        claims.put("iat", now);
        claims.put("exp", now + ttl.toSeconds());
        claims.put("jti", UUID.randomUUID().toString());
        String signed = JWS_HEADER + "." + ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
        return signed + "." + ENCODER.encodeToString(hmac(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The identity in a valid token; empty for a missing, malformed, forged, foreign or expired one. */
    public Optional<Identity> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = JSON.readTree(DECODER.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asString(""))) {
                return Optional.empty();
            }
            byte[] expected = hmac((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = JSON.readTree(DECODER.decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            long skew = CLOCK_SKEW.toSeconds();
            long exp = claims.path("exp").asLong(0);
            long iat = claims.path("iat").asLong(0);
            String subject = claims.path("sub").asString("");
            if (!issuer.equals(claims.path("iss").asString(""))
                    || !AUDIENCE.equals(claims.path("aud").asString(""))
                    || subject.isEmpty()
                    || exp + skew <= now
                    || iat > now + skew
                    || exp - iat > MAX_LIFETIME.toSeconds()) {
                return Optional.empty();
            }
            return Optional.of(new Identity(subject, claims.path("method").asString(""),
                    strings(claims.path("roles")), strings(claims.path("teams")), Instant.ofEpochSecond(exp)));
        } catch (RuntimeException malformed) {
            // bad base64, bad JSON: not a token the gateway made
            return Optional.empty();
        }
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(item -> {
                if (item.isString()) {
                    values.add(item.asString());
                }
            });
        }
        return values;
    }
}
