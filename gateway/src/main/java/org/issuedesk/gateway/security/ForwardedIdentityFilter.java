package org.issuedesk.gateway.security;

import reactor.core.publisher.Mono;

import org.issuedesk.contracts.identity.InternalToken;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Replaces the client's credentials with the identity the gateway verified: the services receive a short-lived
 * internal token in {@code X-Issuedesk-Identity} (and the caller's name in {@code X-Issuedesk-Client}), never the
 * client's API key, bearer token or cookies. Any copy of these headers a client sent is dropped first, so a caller
 * cannot name itself. Runs last in the security chain, once the request is authorized.
 */
public class ForwardedIdentityFilter implements WebFilter {

    public static final String IDENTITY_HEADER = InternalToken.HEADER;
    public static final String CLIENT_HEADER = "X-Issuedesk-Client";
    /** Exchange attribute holding the {@link CallerIdentity}, for the access log. */
    public static final String IDENTITY_ATTRIBUTE = CallerIdentity.class.getName();

    private final InternalTokenMinter minter;

    public ForwardedIdentityFilter(InternalTokenMinter minter) {
        this.minter = minter;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(IssueDeskAuthentication.class::isInstance)
                .map(authentication -> {
                    CallerIdentity identity = ((IssueDeskAuthentication) authentication).identity();
                    String token = minter.mint(identity);
                    return exchange.mutate().request(request -> request.headers(headers -> {
                        stripClientCopies(headers);
                        headers.set(IDENTITY_HEADER, token);
                        headers.set(CLIENT_HEADER, identity.subject());
                    })).build();
                })
                .defaultIfEmpty(exchange.mutate()
                        .request(request -> request.headers(ForwardedIdentityFilter::stripClientCopies)).build())
                .flatMap(chain::filter);
    }

    private static void stripClientCopies(HttpHeaders headers) {
        headers.remove(IDENTITY_HEADER);
        headers.remove(CLIENT_HEADER);
        headers.remove(ApiKeyAuthentication.HEADER);
        headers.remove(HttpHeaders.AUTHORIZATION);
        // a signed-in browser's session and CSRF cookies are the gateway's business, not the services'
        headers.remove(HttpHeaders.COOKIE);
        headers.remove("X-XSRF-TOKEN");
    }
}
