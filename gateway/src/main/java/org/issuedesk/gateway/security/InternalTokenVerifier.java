package org.issuedesk.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' side of the internal identity token (the contract in docs/gateway.md): checks the
 * {@code X-Issuedesk-Identity} header the gateway sets and says who the caller is. Only the JDK and Jackson 3 (which
 * every service has), so a service can copy or share it without another dependency.
 *
 * <p>Accepted only when: three base64url parts; header {@code alg} is {@code HS256} (nothing else, in particular
 * not {@code none}); the HMAC-SHA256 over {@code header.payload} with the shared key matches (constant-time);
 * {@code iss} is the expected issuer; {@code aud} is {@code issuedesk-services}; {@code exp} is in the future and
 * at most {@link #MAX_LIFETIME_SECONDS} after {@code iat} (with {@link #CLOCK_SKEW_SECONDS} of skew).
 */
public final class InternalTokenVerifier {

    public static final String HEADER = "X-Issuedesk-Identity";
    public static final String AUDIENCE = "issuedesk-services";
    public static final long MAX_LIFETIME_SECONDS = 60;
    public static final long CLOCK_SKEW_SECONDS = 5;
    /** Keys shorter than this are refused: HS256 needs a key at least as long as its hash. */
    public static final int MIN_KEY_BYTES = 32;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /** The caller the gateway verified. */
    public record VerifiedIdentity(String subject, String method, List<String> roles, List<String> teams,
            Instant expiresAt) {

        public boolean hasRole(String role) {
            return roles.contains(role);
        }

        /** Member or lead of this team (admins may act everywhere; check {@code hasRole("admin")} too). */
        public boolean worksIn(String team) {
            return (hasRole("member") || hasRole("lead")) && teams.contains(team);
        }
    }

    private final SecretKeySpec key;
    private final String issuer;
    private final Clock clock;

    public InternalTokenVerifier(byte[] key, String issuer, Clock clock) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the internal token key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The key as configured: the UTF-8 bytes of {@code ISSUEDESK_INTERNAL_KEY}. */
    public static InternalTokenVerifier of(String key, String issuer) {
        return new InternalTokenVerifier(key.getBytes(StandardCharsets.UTF_8), issuer, Clock.systemUTC());
    }

    /** The identity in a valid token; empty for a missing, malformed, forged, foreign or expired one. */
    public Optional<VerifiedIdentity> verify(String token) {
        if (token == null || token.length() > 8192) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = JSON.readTree(BASE64URL.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asString(""))) {
                return Optional.empty();
            }
            byte[] expected = hmac(key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, BASE64URL.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = JSON.readTree(BASE64URL.decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            long exp = claims.path("exp").asLong(0);
            long iat = claims.path("iat").asLong(0);
            String subject = claims.path("sub").asString("");
            if (!issuer.equals(claims.path("iss").asString(""))
                    || !AUDIENCE.equals(claims.path("aud").asString(""))
                    || subject.isEmpty()
                    || exp + CLOCK_SKEW_SECONDS <= now
                    || iat > now + CLOCK_SKEW_SECONDS
                    || exp - iat > MAX_LIFETIME_SECONDS) {
                return Optional.empty();
            }
            return Optional.of(new VerifiedIdentity(subject, claims.path("method").asString(""),
                    strings(claims.path("roles")), strings(claims.path("teams")), Instant.ofEpochSecond(exp)));
        } catch (RuntimeException malformed) {
            // bad base64, bad JSON: not a token the gateway made
            return Optional.empty();
        }
    }

    static byte[] hmac(SecretKeySpec key, byte[] data) {
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
        return List.copyOf(values);
    }
}
