package org.issuedesk.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;

import org.issuedesk.contracts.identity.InternalToken;
import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes the short-lived internal token that tells a service who the gateway verified. The format and the services'
 * check are one definition, contracts' {@link InternalToken}.
 */
@Component
public class InternalTokenMinter {

    private static final Logger log = LoggerFactory.getLogger(InternalTokenMinter.class);

    private final InternalToken token;
    private final IssueDeskGatewayProperties.InternalToken settings;

    @Autowired
    public InternalTokenMinter(IssueDeskGatewayProperties properties) {
        this(properties, Clock.systemUTC());
    }

    InternalTokenMinter(IssueDeskGatewayProperties properties, Clock clock) {
        this.settings = properties.internalToken();
        this.token = new InternalToken(keyBytes(settings.key()), settings.issuer(), clock);
    }

    private static byte[] keyBytes(String configured) {
        if (configured == null || configured.isBlank()) {
            // no shared key: every service refuses what the gateway forwards (fail closed), but the gateway still
            // starts, so its own health and the refusals stay observable
            log.warn("No internal token key (ISSUEDESK_INTERNAL_KEY): using a random one; the services will refuse "
                    + "every forwarded request");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < InternalToken.MIN_KEY_BYTES) {
            throw new IllegalStateException("issuedesk.gateway.internal-token.key (ISSUEDESK_INTERNAL_KEY) must have at least "
                    + InternalToken.MIN_KEY_BYTES + " bytes");
        }
        return bytes;
    }

    /** A token for this caller, valid for the configured lifetime (at most 60 s). */
    public String mint(CallerIdentity caller) {
        return token.mint(caller.subject(), caller.method(), caller.roles().stream().map(Role::claimValue).toList(),
                caller.teams(), settings.ttl());
    }
}
