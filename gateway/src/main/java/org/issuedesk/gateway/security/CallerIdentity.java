package org.issuedesk.gateway.security;

import java.util.Set;

/**
 * Who a verified caller is, whichever way it proved it.
 *
 * @param subject the caller's name: an API key's name or the token's subject
 * @param method  how it proved it: {@code api-key} or {@code jwt}
 * @param roles   what it may do
 * @param teams   whose cases it reaches (member, lead)
 */
public record CallerIdentity(String subject, String method, Set<Role> roles, Set<String> teams) {

    public static final String API_KEY = "api-key";
    public static final String JWT = "jwt";

    public CallerIdentity {
        roles = Set.copyOf(roles);
        teams = Set.copyOf(teams);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Member or lead of this team. */
    public boolean worksIn(String team) {
        return (has(Role.MEMBER) || has(Role.LEAD)) && teams.contains(team);
    }
}
