package org.issuedesk.gateway.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.issuedesk.contracts.identity.InternalToken;
import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the gateway mints is what the services' check (contracts' InternalToken) accepts, and nothing else. */
class InternalTokenTest {

    private static final String KEY = "an-internal-key-of-at-least-32-bytes!";
    private static final Instant NOW = Instant.parse("2026-11-26T01:00:00Z");
    private static final CallerIdentity MARIE = new CallerIdentity("marie", CallerIdentity.JWT,
            Set.of(Role.MEMBER, Role.LEAD), Set.of("passports", "benefits-horizontal"));

    @Test
    void shouldCarryTheVerifiedIdentityToTheServices() {
        // Given a token minted now
        String token = minter(KEY, Duration.ofSeconds(30)).mint(MARIE);

        // When a service verifies it 10 s later with the shared key
        InternalToken.Identity identity = verifier(KEY, NOW.plusSeconds(10)).verify(token).orElseThrow();

        // Then it knows who, how, with which roles and teams, until when
        assertThat(identity.subject()).isEqualTo("marie");
        assertThat(identity.method()).isEqualTo("jwt");
        assertThat(identity.roles()).containsExactly("lead", "member");
        assertThat(identity.teams()).containsExactly("benefits-horizontal", "passports");
        assertThat(identity.expiresAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(identity.worksIn("passports")).isTrue();
    }

    @Test
    void shouldBeAPlainHs256JwtWithTheDocumentedClaims() {
        String[] parts = minter(KEY, Duration.ofSeconds(30)).mint(MARIE).split("\\.");
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertThat(decode(parts[1])).startsWith("{\"iss\":\"issuedesk-gateway\",\"aud\":\"issuedesk-services\","
                + "\"sub\":\"marie\",\"method\":\"jwt\",\"roles\":[\"lead\",\"member\"],"
                + "\"teams\":[\"benefits-horizontal\",\"passports\"],\"iat\":" + NOW.getEpochSecond()
                + ",\"exp\":" + NOW.plusSeconds(30).getEpochSecond() + ",\"jti\":\"");
    }

    @Test
    void shouldRefuseAnExpiredTokenAWrongKeyATamperedOneAndGarbage() {
        String token = minter(KEY, Duration.ofSeconds(30)).mint(MARIE);
        String[] parts = token.split("\\.");
        String adminPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(decode(parts[1])
                .replace("[\"lead\",\"member\"]", "[\"admin\"]").getBytes(StandardCharsets.UTF_8));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(verifier(KEY, NOW.plusSeconds(36)).verify(token)).as("expired (past 5 s of skew)").isEmpty();
        assertThat(verifier(KEY + "x", NOW).verify(token)).as("another key").isEmpty();
        assertThat(verifier(KEY, NOW).verify(parts[0] + "." + adminPayload + "." + parts[2])).as("tampered").isEmpty();
        assertThat(verifier(KEY, NOW).verify(none + "." + parts[1] + ".")).as("alg none").isEmpty();
        assertThat(verifier(KEY, NOW).verify("not.a.token")).isEmpty();
        assertThat(verifier(KEY, NOW).verify(null)).isEmpty();
        assertThat(new InternalToken(KEY.getBytes(StandardCharsets.UTF_8), "someone-else", fixed(NOW))
                .verify(token)).as("another issuer").isEmpty();
    }

    @Test
    void shouldRefuseAShortKey() {
        assertThatThrownBy(() -> minter("too-short", Duration.ofSeconds(30)))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> InternalToken.of("too-short", "issuedesk-gateway"))
                .hasMessageContaining("at least 32 bytes");
    }

    private static InternalTokenMinter minter(String key, Duration ttl) {
        return new InternalTokenMinter(new IssueDeskGatewayProperties(
                new IssueDeskGatewayProperties.Services("http://a:1", "http://b:2", "http://c:3"),
                new IssueDeskGatewayProperties.Resilience(Duration.ofSeconds(1), Duration.ofSeconds(1), 20, 10, Map.of()),
                List.of(),
                new IssueDeskGatewayProperties.Jwt("roles", "teams", "sub"),
                new IssueDeskGatewayProperties.InternalToken(key, "issuedesk-gateway", ttl),
                new IssueDeskGatewayProperties.RateLimit(true, 20, 40),
                DataSize.ofMegabytes(5),
                new IssueDeskGatewayProperties.Cors(List.of(), Duration.ofHours(1)),
                IssueDeskGatewayProperties.Sso.OFF), fixed(NOW));
    }

    private static InternalToken verifier(String key, Instant now) {
        return new InternalToken(key.getBytes(StandardCharsets.UTF_8), "issuedesk-gateway", fixed(now));
    }

    private static Clock fixed(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
