package org.issuedesk.gateway.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.issuedesk.gateway.IssueDeskGatewayProperties;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Reads who a validated JWT names: subject, roles and teams from configurable claims, so any OpenID Connect issuer
 * fits (Keycloak keeps roles in {@code realm_access.roles} and teams as {@code groups} like {@code /benefits}).
 * Role names it does not know are ignored; a token with none may only be refused (403).
 */
@Component
public class JwtIdentityConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    private final IssueDeskGatewayProperties.Jwt claims;

    public JwtIdentityConverter(IssueDeskGatewayProperties properties) {
        this.claims = properties.jwt();
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        return Mono.just(new IssueDeskAuthentication(identityOf(jwt.getClaims())));
    }

    CallerIdentity identityOf(Map<String, Object> tokenClaims) {
        Object subject = claim(tokenClaims, claims.subjectClaim());
        Set<Role> roles = new LinkedHashSet<>();
        strings(claim(tokenClaims, claims.rolesClaim())).forEach(value -> Role.fromClaim(value).ifPresent(roles::add));
        Set<String> teams = new LinkedHashSet<>();
        for (String value : strings(claim(tokenClaims, claims.teamsClaim()))) {
            // Keycloak's group paths start with '/'; a nested group keeps its last segment
            String team = value.substring(value.lastIndexOf('/') + 1).strip();
            if (!team.isEmpty()) {
                teams.add(team);
            }
        }
        return new CallerIdentity(subject == null ? "unknown" : subject.toString(), CallerIdentity.JWT, roles, teams);
    }

    /** A claim by dotted path through nested objects; null when any step is missing. */
    private static Object claim(Map<String, Object> tokenClaims, String path) {
        Object current = tokenClaims;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    /** A claim as strings: a list, or one string that may separate values by spaces or commas (OAuth scope style). */
    private static List<String> strings(Object value) {
        if (value instanceof Collection<?> collection) {
            return collection.stream().filter(item -> item != null).map(Object::toString).toList();
        }
        if (value instanceof String text && !text.isBlank()) {
            return List.of(text.strip().split("[\\s,]+"));
        }
        return List.of();
    }
}
