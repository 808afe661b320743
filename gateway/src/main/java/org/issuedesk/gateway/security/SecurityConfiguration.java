package org.issuedesk.gateway.security;

import org.springframework.beans.factory.config.BeanPostProcessor;
import java.util.List;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.issuedesk.gateway.edge.BodySizeLimitFilter;
import org.issuedesk.gateway.edge.RateLimitFilter;
import org.issuedesk.gateway.edge.TokenBuckets;
import org.issuedesk.gateway.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * The door in front of {@code /api/**}: who you are (an API key, or a JWT from the configured OpenID Connect
 * issuer), what you may do ({@link AccessPolicy}), how often (per-client rate limit), how much you may send (body
 * cap), and the identity the services receive ({@link ForwardedIdentityFilter}). Stateless for API keys and bearer
 * tokens: no session, no cookie. With single sign-on configured ({@link SsoLogin}), browsers also sign in at the
 * provider and use a session cookie. Paths outside /api (actuator probes, the API documents) are not behind it.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Static: a post-processor must not make this configuration be created early. */
    @Bean
    static BeanPostProcessor problemJsonFirewallRejections(ObjectProvider<ProblemResponses> problems) {
        return FirewallRejections.installer(problems);
    }

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, IssueDeskGatewayProperties properties,
            ApiKeys apiKeys, ObjectProvider<ReactiveJwtDecoder> jwtDecoder, JwtIdentityConverter jwtIdentity,
            AccessPolicy accessPolicy, ProblemAuthenticationHandlers problemHandlers, InternalTokenMinter minter,
            ProblemResponses problems, SsoLogin sso) {
        ServerWebExchangeMatcher api = ServerWebExchangeMatchers.pathMatchers("/api/**");
        http.securityMatcher(sso.enabled() ? new OrServerWebExchangeMatcher(api, SsoLogin.paths()) : api)
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges.anyExchange().access(accessPolicy))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(problemHandlers)
                        .accessDeniedHandler(problemHandlers))
                .addFilterAt(ApiKeyAuthentication.filter(apiKeys, problemHandlers), SecurityWebFiltersOrder.AUTHENTICATION)
                // after the decision, in this order: rate limit, body cap, then the identity for the services
                .addFilterAfter(new RateLimitFilter(new TokenBuckets(properties.rateLimit()), problems),
                        SecurityWebFiltersOrder.AUTHORIZATION)
                .addFilterAt(new BodySizeLimitFilter(properties.maxBodySize(), problems), SecurityWebFiltersOrder.LAST)
                .addFilterAt(new ForwardedIdentityFilter(minter), SecurityWebFiltersOrder.LAST);

        ReactiveJwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(jwtIdentity))
                    .authenticationEntryPoint(problemHandlers)
                    .accessDeniedHandler(problemHandlers));
            log.info("Bearer tokens accepted (spring.security.oauth2.resourceserver.jwt); roles from claim '{}', "
                    + "teams from claim '{}'", properties.jwt().rolesClaim(), properties.jwt().teamsClaim());
        } else {
            log.info("No OpenID Connect issuer configured (spring.security.oauth2.resourceserver.jwt.issuer-uri or "
                    + "jwk-set-uri): API keys only");
        }

        if (sso.enabled()) {
            // browsers sign in at the provider and then call /api with a session cookie (CSRF-protected)
            sso.applyTo(http, problemHandlers);
            log.info("Single sign-on on: issuer {}, client {}", properties.sso().issuerUri(), properties.sso().clientId());
        }

        List<String> origins = properties.cors().allowedOrigins();
        if (origins.isEmpty()) {
            http.cors(ServerHttpSecurity.CorsSpec::disable);
        } else {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(origins);
            cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
            cors.setAllowedHeaders(List.of("Authorization", ApiKeyAuthentication.HEADER, "Content-Type",
                    "X-Request-Id", "traceparent"));
            cors.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "Location"));
            cors.setMaxAge(properties.cors().maxAge());
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/api/**", cors);
            http.cors(spec -> spec.configurationSource(source));
        }
        return http.build();
    }

    /**
     * The session cookie of signed-in browsers (single sign-on; without it no session is ever started): out of
     * scripts' reach, HTTPS-only unless configured otherwise, and Lax, not Strict: the provider's redirect back to
     * the gateway is a cross-site navigation that must carry it (the pending sign-in is in the session).
     */
    @Bean
    WebSessionIdResolver sessionCookie(IssueDeskGatewayProperties properties) {
        CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
        resolver.addCookieInitializer(cookie -> cookie.httpOnly(true).secure(properties.sso().secureCookie())
                .sameSite("Lax").path("/"));
        return resolver;
    }
}
