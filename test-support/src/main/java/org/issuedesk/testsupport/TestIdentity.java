package org.issuedesk.testsupport;

import java.time.Duration;
import java.util.List;

import org.issuedesk.contracts.identity.InternalToken;

/**
 * Internal identity tokens for tests, as the gateway would mint them after checking a caller. Every Spring test
 * context with test-support on its classpath checks tokens with {@link #KEY} (see
 * {@link TestIdentityContextCustomizerFactory}); a process started by a test gets it as {@code ISSUEDESK_INTERNAL_KEY}.
 */
public final class TestIdentity {

    /** The internal token key of tests; never used outside them. */
    public static final String KEY = "test-internal-key-of-at-least-32-bytes";
    public static final String HEADER = InternalToken.HEADER;

    private static final InternalToken TOKENS = InternalToken.of(KEY, InternalToken.DEFAULT_ISSUER);
    private static final Duration TTL = Duration.ofSeconds(60);

    private TestIdentity() {
    }

    /** A valid token for this caller, minted now (valid 60 s). */
    public static String token(String subject, List<String> roles, List<String> teams) {
        return TOKENS.mint(subject, "api-key", roles, teams, TTL);
    }

    public static String admin(String subject) {
        return token(subject, List.of("admin"), List.of());
    }

    /** A member of these teams. */
    public static String member(String subject, String... teams) {
        return token(subject, List.of("member"), List.of(teams));
    }

    /** A lead (and member) of these teams. */
    public static String lead(String subject, String... teams) {
        return token(subject, List.of("member", "lead"), List.of(teams));
    }

    public static String analyst(String subject) {
        return token(subject, List.of("analyst"), List.of());
    }

    public static String ingest(String subject) {
        return token(subject, List.of("ingest"), List.of());
    }
}
