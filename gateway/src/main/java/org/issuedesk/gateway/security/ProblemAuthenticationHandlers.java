package org.issuedesk.gateway.security;

import reactor.core.publisher.Mono;

import org.issuedesk.gateway.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * 401 and 403 as problem+json, like every other error of the gateway. The detail says what is wrong with the
 * credential in general terms only: why a token failed (signature, issuer, ...) goes to the debug log.
 */
@Component
public class ProblemAuthenticationHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAuthenticationHandlers.class);

    /** Both ways in, so a client learns what it may send. */
    static final String CHALLENGE = "Bearer, ApiKey";

    private final ProblemResponses problems;

    public ProblemAuthenticationHandlers(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        String detail;
        String challenge = CHALLENGE;
        if (failure instanceof OAuth2AuthenticationException) {
            detail = "The bearer token is not valid (malformed, expired, or not from a trusted issuer).";
            challenge = "Bearer error=\"invalid_token\"";
        } else if (failure instanceof InvalidApiKeyException) {
            detail = "The API key in the " + ApiKeyAuthentication.HEADER + " header is not valid.";
            challenge = "ApiKey";
        } else {
            detail = "This API needs a bearer token (Authorization: Bearer ...) or an API key in the "
                    + ApiKeyAuthentication.HEADER + " header.";
        }
        log.debug("Refused {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                failure.toString());
        String wwwAuthenticate = challenge;
        return problems.write(exchange, ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail),
                headers -> headers.set(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        String detail = denied instanceof CsrfException
                ? "A request signed in by the session cookie needs the CSRF token: send the XSRF-TOKEN cookie's "
                        + "value in the X-XSRF-TOKEN header."
                : "Your roles or teams do not allow " + exchange.getRequest().getMethod() + " on this resource.";
        return problems.write(exchange, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail),
                headers -> { });
    }
}
