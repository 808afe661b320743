package org.issuedesk.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The internal token's contract: what the gateway mints, a service accepts, and nothing else. */
class InternalTokenTest {

    private static final String KEY = "an-internal-key-of-at-least-32-bytes!";
    private static final Instant NOW = Instant.parse("2026-11-26T01:00:00Z");

    @Test
    void shouldCarryTheIdentityFromMinterToVerifier() {
        String token = at(KEY, NOW).mint("marie", "jwt", List.of("member", "lead"), List.of("passports", "benefits-horizontal"),
                Duration.ofSeconds(30));

        InternalToken.Identity identity = at(KEY, NOW.plusSeconds(10)).verify(token).orElseThrow();

        assertThat(identity.subject()).isEqualTo("marie");
        assertThat(identity.method()).isEqualTo("jwt");
        assertThat(identity.roles()).containsExactly("lead", "member");
        assertThat(identity.teams()).containsExactly("benefits-horizontal", "passports");
        assertThat(identity.expiresAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(identity.worksIn("passports")).isTrue();
        assertThat(identity.worksIn("triage")).isFalse();
    }

    @Test
    void shouldBeAPlainHs256JwtWithTheDocumentedClaims() {
        String[] parts = at(KEY, NOW).mint("marie", "api-key", List.of("member"), List.of("passports"), Duration.ofSeconds(30))
                .split("\\.");
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertThat(decode(parts[1])).startsWith("{\"iss\":\"issuedesk-gateway\",\"aud\":\"issuedesk-services\","
                + "\"sub\":\"marie\",\"method\":\"api-key\",\"roles\":[\"member\"],\"teams\":[\"passports\"],\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + NOW.plusSeconds(30).getEpochSecond() + ",\"jti\":\"");
    }

    @Test
    void shouldRefuseExpiredForeignTamperedUnsignedAndMalformedTokens() {
        String token = at(KEY, NOW).mint("marie", "jwt", List.of("member"), List.of("passports"), Duration.ofSeconds(30));
        String[] parts = token.split("\\.");
        String adminPayload = encode(decode(parts[1]).replace("[\"member\"]", "[\"admin\"]"));
        String none = encode("{\"alg\":\"none\"}");

        assertThat(at(KEY, NOW.plusSeconds(36)).verify(token)).as("expired (past 5 s of skew)").isEmpty();
        assertThat(at(KEY, NOW.minusSeconds(6)).verify(token)).as("issued in the future").isEmpty();
        assertThat(at(KEY + "x", NOW).verify(token)).as("another key").isEmpty();
        assertThat(at(KEY, NOW).verify(parts[0] + "." + adminPayload + "." + parts[2])).as("tampered").isEmpty();
        assertThat(at(KEY, NOW).verify(none + "." + parts[1] + ".")).as("alg none").isEmpty();
        assertThat(at(KEY, NOW).verify("not.a.token")).isEmpty();
        assertThat(at(KEY, NOW).verify("x".repeat(9000))).isEmpty();
        assertThat(at(KEY, NOW).verify(null)).isEmpty();
        assertThat(new InternalToken(KEY.getBytes(StandardCharsets.UTF_8), "someone-else", fixed(NOW)).verify(token))
                .as("another issuer").isEmpty();
    }

    @Test
    void shouldRefuseAShortKeyAndALongLifetime() {
        assertThatThrownBy(() -> InternalToken.of("too-short", InternalToken.DEFAULT_ISSUER))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> at(KEY, NOW).mint("m", "jwt", List.of(), List.of(), Duration.ofMinutes(2)))
                .hasMessageContaining("ttl");
    }

    private static InternalToken at(String key, Instant now) {
        return new InternalToken(key.getBytes(StandardCharsets.UTF_8), InternalToken.DEFAULT_ISSUER, fixed(now));
    }

    private static Clock fixed(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
