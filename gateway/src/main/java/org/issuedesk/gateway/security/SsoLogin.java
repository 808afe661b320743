package org.issuedesk.gateway.security;

import java.net.URI;
import java.util.List;

import reactor.core.publisher.Mono;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

/**
 * Single sign-on for the console's browsers ({@code issuedesk.gateway.sso}), added to the API's security chain when
 * an issuer is configured:
 * <ul>
 * <li>{@code GET /oauth2/authorization/sso} sends the browser to the provider (authorization code + PKCE);
 * {@code /login/oauth2/code/sso} takes it back, checks the ID token and starts a session (cookie);</li>
 * <li>the session holds the caller's identity read from the ID token and userinfo claims by the same mapping as
 * bearer tokens ({@link JwtIdentityConverter}), so {@link AccessPolicy} and the internal token the services receive
 * are the same as for any other caller;</li>
 * <li>unsafe requests that rely on the session cookie need the CSRF token (cookie {@code XSRF-TOKEN}, sent back in
 * the {@code X-XSRF-TOKEN} header or a {@code _csrf} form field); requests with an API key or a bearer token carry
 * their own credential, which a foreign page cannot make a browser send, and are not asked for one;</li>
 * <li>{@code POST /logout} ends the session and, when the provider offers it, the provider's too (OpenID Connect
 * RP-initiated logout), then comes back to the console.</li>
 * </ul>
 */
@Component
public class SsoLogin {

    private static final Logger log = LoggerFactory.getLogger(SsoLogin.class);

    /** Where a browser starts signing in (the console links to it). */
    public static final String SIGN_IN_PATH = "/oauth2/authorization/" + SsoClientRegistration.ID;
    /** Where it signs out: a POST with the CSRF token. */
    public static final String SIGN_OUT_PATH = "/logout";
    /** Where a failed sign-in lands: the console, which says so. */
    private static final String FAILED = "/?signin=failed";
    /** The paths the API's security chain takes on besides /api/**. */
    static final List<String> PATHS = List.of("/oauth2/authorization/*", "/login/oauth2/code/*", SIGN_OUT_PATH);

    private final IssueDeskGatewayProperties.Sso sso;
    private final JwtIdentityConverter claims;

    public SsoLogin(IssueDeskGatewayProperties properties, JwtIdentityConverter claims) {
        this.sso = properties.sso();
        this.claims = claims;
    }

    public boolean enabled() {
        return sso.enabled();
    }

    void applyTo(ServerHttpSecurity http, ProblemAuthenticationHandlers problems) {
        SsoClientRegistration registrations = new SsoClientRegistration(sso, WebClient.create());
        DefaultServerOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
        // PKCE for a confidential client too: an intercepted code is worthless without the verifier
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        ServerSecurityContextRepository sessions = new SessionIdentities(claims);

        OidcClientInitiatedServerLogoutSuccessHandler providerLogout =
                new OidcClientInitiatedServerLogoutSuccessHandler(registrations);
        providerLogout.setPostLogoutRedirectUri(sso.postLogoutRedirectUri());
        // a provider without an end-session endpoint: back to the console, signed out of the gateway only
        providerLogout.setLogoutSuccessUrl(URI.create("/"));
        ServerLogoutSuccessHandler logoutSuccess = (exchange, authentication) ->
                providerLogout.onLogoutSuccess(exchange, SessionIdentities.signIn(authentication));

        CookieServerCsrfTokenRepository csrfTokens = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
        // the console reads it from its own origin only
        csrfTokens.setCookieCustomizer(cookie -> cookie.secure(sso.secureCookie()).sameSite("Strict"));
        ServerWebExchangeMatcher sessionRequest = SsoLogin::reliesOnSessionCookie;

        http.securityContextRepository(sessions)
                .oauth2Login(login -> login
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(new WebSessionServerOAuth2AuthorizedClientRepository())
                        .authorizationRequestResolver(authorizationRequests)
                        .securityContextRepository(sessions)
                        .authenticationSuccessHandler(new RedirectServerAuthenticationSuccessHandler("/"))
                        .authenticationFailureHandler(signInFailed()))
                .logout(logout -> logout
                        .logoutUrl(SIGN_OUT_PATH)
                        .logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
                                new WebSessionServerLogoutHandler()))
                        .logoutSuccessHandler(logoutSuccess))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfTokens)
                        // the token as is (no per-response masking): the console copies the cookie into the header
                        .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(
                                CsrfWebFilter.DEFAULT_CSRF_MATCHER, sessionRequest))
                        .accessDeniedHandler(problems))
                .addFilterAfter(issueCsrfCookie(sessionRequest), SecurityWebFiltersOrder.CSRF)
                // before the redirect to the provider (at HTTP_BASIC's place)
                .addFilterBefore(providerReachable(registrations), SecurityWebFiltersOrder.HTTP_BASIC);
    }

    /**
     * A sign-in while the provider's configuration cannot be read (provider down, wrong address) goes back to the
     * console, which says so in words, instead of failing as a server error.
     */
    private static WebFilter providerReachable(SsoClientRegistration registrations) {
        ServerWebExchangeMatcher signIn = ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, SIGN_IN_PATH);
        RedirectServerAuthenticationFailureHandler toConsole = new RedirectServerAuthenticationFailureHandler(FAILED);
        Mono<Boolean> reachable = registrations.findByRegistrationId(SsoClientRegistration.ID)
                .map(registration -> true)
                .defaultIfEmpty(false)
                .onErrorResume(failure -> {
                    log.warn("Single sign-on unavailable: {}", failure.toString());
                    return Mono.just(false);
                });
        return (exchange, chain) -> signIn.matches(exchange)
                .flatMap(match -> match.isMatch() ? reachable : Mono.just(true))
                .flatMap(ok -> ok ? chain.filter(exchange)
                        : toConsole.onAuthenticationFailure(new WebFilterExchange(exchange, chain),
                                new AuthenticationServiceException("provider unreachable")));
    }

    /** Back to the console, which shows a readable message; why goes to the log (the browser learns nothing). */
    private static ServerAuthenticationFailureHandler signInFailed() {
        RedirectServerAuthenticationFailureHandler toConsole = new RedirectServerAuthenticationFailureHandler(FAILED);
        return (webFilterExchange, failure) -> {
            log.warn("Single sign-on failed: {}", failure.toString());
            return toConsole.onAuthenticationFailure(webFilterExchange, failure);
        };
    }

    /**
     * No API key and no bearer token: the request can only be authenticated by the session cookie. (A browser sends
     * neither header on its own, and a foreign page cannot add them without a CORS preflight; Basic credentials a
     * browser may replay do not count.)
     */
    private static Mono<ServerWebExchangeMatcher.MatchResult> reliesOnSessionCookie(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        return headers.containsHeader(ApiKeyAuthentication.HEADER) || bearer
                ? ServerWebExchangeMatcher.MatchResult.notMatch()
                : ServerWebExchangeMatcher.MatchResult.match();
    }

    /** The token is made lazily: ask for it, so a browser's first API call already gets the XSRF-TOKEN cookie. */
    private static WebFilter issueCsrfCookie(ServerWebExchangeMatcher sessionRequest) {
        return (exchange, chain) -> sessionRequest.matches(exchange)
                .flatMap(match -> {
                    Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
                    return match.isMatch() && token != null ? token.then() : Mono.<Void>empty();
                })
                .then(chain.filter(exchange));
    }

    /**
     * The session's security context: at sign-in, the provider's answer becomes the caller's identity (roles and
     * teams through the bearer tokens' claim mapping), so every later request of the session is an
     * {@link IssueDeskAuthentication} like an API key's or a bearer token's. The sign-in itself stays attached as
     * the details: signing out hands its ID token back to the provider.
     */
    private static final class SessionIdentities implements ServerSecurityContextRepository {

        private final WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();
        private final JwtIdentityConverter claims;

        SessionIdentities(JwtIdentityConverter claims) {
            this.claims = claims;
        }

        @Override
        public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
            if (context != null && context.getAuthentication() instanceof OAuth2AuthenticationToken signIn
                    && signIn.getPrincipal() instanceof OidcUser user) {
                IssueDeskAuthentication caller = new IssueDeskAuthentication(claims.identityOf(user.getClaims()));
                caller.setDetails(signIn);
                // saving also gives the session a new id: one planted before sign-in is worthless (fixation)
                return sessions.save(exchange, new SecurityContextImpl(caller));
            }
            return sessions.save(exchange, context);
        }

        @Override
        public Mono<SecurityContext> load(ServerWebExchange exchange) {
            return sessions.load(exchange);
        }

        static Authentication signIn(Authentication authentication) {
            return authentication instanceof IssueDeskAuthentication caller
                    && caller.getDetails() instanceof OAuth2AuthenticationToken signIn ? signIn : authentication;
        }
    }

    static ServerWebExchangeMatcher paths() {
        return ServerWebExchangeMatchers.pathMatchers(PATHS.toArray(String[]::new));
    }
}
