package org.issuedesk.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes the short-lived internal token (HS256 JWT, format in docs/gateway.md) that tells a service who the gateway
 * verified. {@link InternalTokenVerifier} is the other side.
 */
@Component
public class InternalTokenMinter {

    private static final Logger log = LoggerFactory.getLogger(InternalTokenMinter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    private final SecretKeySpec key;
    private final IssueDeskGatewayProperties.InternalToken settings;
    private final Clock clock;

    @Autowired
    public InternalTokenMinter(IssueDeskGatewayProperties properties) {
        this(properties, Clock.systemUTC());
    }

    InternalTokenMinter(IssueDeskGatewayProperties properties, Clock clock) {
        this.settings = properties.internalToken();
        this.clock = clock;
        this.key = new SecretKeySpec(keyBytes(settings.key()), "HmacSHA256");
    }

    private static byte[] keyBytes(String configured) {
        if (configured == null || configured.isBlank()) {
            // no shared key: the services cannot verify these tokens; acceptable only until they check them
            log.warn("No internal token key (ISSUEDESK_INTERNAL_KEY): using a random one; services cannot verify "
                    + "the forwarded identity");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < InternalTokenVerifier.MIN_KEY_BYTES) {
            throw new IllegalStateException("issuedesk.gateway.internal-token.key (ISSUEDESK_INTERNAL_KEY) must have at least "
                    + InternalTokenVerifier.MIN_KEY_BYTES + " bytes");
        }
        return bytes;
    }

    /** A token for this caller, valid for the configured lifetime (at most 60 s). */
    public String mint(CallerIdentity caller) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", settings.issuer());
        claims.put("aud", InternalTokenVerifier.AUDIENCE);
        claims.put("sub", caller.subject());
        claims.put("method", caller.method());
        claims.put("roles", caller.roles().stream().map(Role::claimValue).sorted().toList());
        claims.put("teams", caller.teams().stream().sorted().toList());
        claims.put("iat", now);
        claims.put("exp", now + settings.ttl().toSeconds());
        claims.put("jti", UUID.randomUUID().toString());
        String signed = HEADER + "." + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
        byte[] signature = InternalTokenVerifier.hmac(key, signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + BASE64URL.encodeToString(signature);
    }
}
