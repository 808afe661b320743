package org.issuedesk.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The configured API keys. Only their SHA-256 hashes are known here; a presented key is hashed and compared with
 * every configured hash in constant time, so neither the stored form nor the timing gives a key away.
 */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final List<Entry> entries;

    public ApiKeys(IssueDeskGatewayProperties properties) {
        this.entries = properties.apiKeys().stream()
                .map(key -> new Entry(HexFormat.of().parseHex(key.sha256()), new CallerIdentity(key.name(),
                        CallerIdentity.API_KEY, new HashSet<>(key.roles()), new HashSet<>(key.teams()))))
                .toList();
        if (entries.isEmpty()) {
            log.info("No API key is configured (issuedesk.gateway.api-keys): only bearer tokens are accepted");
        } else {
            log.info("{} API key(s) configured: {}", entries.size(), properties.apiKeys());
        }
    }

    /** Who owns this key, or empty when the key is unknown. */
    public Optional<CallerIdentity> identityOf(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        CallerIdentity owner = null;
        // no early exit: the time taken does not depend on which key (if any) matched
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(presented, entry.sha256()) && owner == null) {
                owner = entry.identity();
            }
        }
        return Optional.ofNullable(owner);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Entry(byte[] sha256, CallerIdentity identity) {
    }
}
