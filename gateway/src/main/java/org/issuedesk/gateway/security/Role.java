package org.issuedesk.gateway.security;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do; the names are the lower-case words used in configuration, tokens and the internal token. */
public enum Role {
    /** may post social posts (tools and connectors) */
    INGEST,
    /** reads and acts on the cases of its own teams */
    MEMBER,
    /** a team's lead: what a member may, on the teams it leads */
    LEAD,
    /** reads everything, changes nothing */
    ANALYST,
    /** policy files, teams, rules: everything */
    ADMIN;

    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a token's claim value names, ignoring case and a {@code ROLE_} prefix; empty for any other word. */
    public static Optional<Role> fromClaim(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String word = value.strip().toUpperCase(Locale.ROOT);
        if (word.startsWith("ROLE_")) {
            word = word.substring("ROLE_".length());
        }
        for (Role role : values()) {
            if (role.name().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
