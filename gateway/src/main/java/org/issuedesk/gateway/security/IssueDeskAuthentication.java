package org.issuedesk.gateway.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A verified caller, as Spring Security holds it; the credential itself is not kept. */
public final class IssueDeskAuthentication extends AbstractAuthenticationToken {

    private final CallerIdentity identity;

    public IssueDeskAuthentication(CallerIdentity identity) {
        super(identity.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
        this.identity = identity;
        setAuthenticated(true);
    }

    public CallerIdentity identity() {
        return identity;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return identity;
    }

    @Override
    public String getName() {
        return identity.subject();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IssueDeskAuthentication that && identity.equals(that.identity);
    }

    @Override
    public int hashCode() {
        return identity.hashCode();
    }
}
