package org.issuedesk.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
                .map(key -> new Entry(key.name(), HexFormat.of().parseHex(key.sha256())))
                .toList();
        if (entries.isEmpty()) {
            log.warn("No API key is configured (issuedesk.gateway.api-keys): every /api request will be refused");
        } else {
            log.info("{} API key(s) configured: {}", entries.size(), entries.stream().map(Entry::name).toList());
        }
    }

    /** The name of the client that owns this key, or empty when the key is unknown. */
    public Optional<String> clientOf(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        String owner = null;
        // no early exit: the time taken does not depend on which key (if any) matched
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(presented, entry.sha256()) && owner == null) {
                owner = entry.name();
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

    private record Entry(String name, byte[] sha256) {
    }
}
