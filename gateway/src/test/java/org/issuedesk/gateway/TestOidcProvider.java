package org.issuedesk.gateway;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * A real OpenID Connect provider for single sign-on tests: Spring Authorization Server in its own servlet context
 * (Tomcat) on a random port, with a login form, discovery, JWKS, userinfo and RP-initiated logout. Its users carry
 * their roles and teams in the ID and access tokens where Keycloak puts them ({@code realm_access.roles},
 * {@code groups} paths), as the compose file's Keycloak does; the gateway's client
 * is confidential and must use PKCE. The client's redirect URIs follow the gateway's port, known only once the
 * gateway runs ({@link #gatewayAt}).
 */
public final class TestOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "issuedesk-console";
    public static final String CLIENT_SECRET = "test-client-secret";
    public static final String PASSWORD = "test-password";

    /** username → claims added to its tokens, shaped like Keycloak's (roles in realm_access, teams as group paths). */
    private static final Map<String, Map<String, Object>> USERS = Map.of(
            "marie", Map.of("realm_access", Map.of("roles", List.of("member")),
                    "groups", List.of("/benefits-horizontal")),
            "omar", Map.of("realm_access", Map.of("roles", List.of("member", "offline_access")),
                    "groups", List.of("/travel-documents-horizontal")));

    private static volatile String gatewayBaseUrl = "http://127.0.0.1:1";

    private final ConfigurableApplicationContext context;

    private TestOidcProvider(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static TestOidcProvider start() {
        // its own configuration only: none of the gateway's application.yml (a reactive app on 8080)
        return new TestOidcProvider(new SpringApplicationBuilder(Provider.class)
                .web(WebApplicationType.SERVLET)
                .run("--spring.config.name=test-oidc-provider", "--spring.main.web-application-type=servlet",
                        "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off"));
    }

    /** The issuer as the gateway and the browser reach it (the provider names itself after the request's host). */
    public String issuer() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Where the gateway under test listens: its redirect URIs are registered there. */
    public static void gatewayAt(String baseUrl) {
        gatewayBaseUrl = baseUrl;
    }

    @Override
    public void close() {
        context.close();
    }

    /** Not scanned by the gateway's tests (@TestConfiguration): only this provider's context uses it. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            SecurityFilterAutoConfiguration.class})
    static class Provider {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(server -> {
                        http.securityMatcher(server.getEndpointsMatcher());
                        server.oidc(Customizer.withDefaults());
                    })
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    // userinfo takes the access token
                    .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                    .exceptionHandling(exceptions -> exceptions
                            .authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain signInForm(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(USERS.keySet().stream()
                    .map(name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build())
                    .toList());
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> rolesAndTeams() {
            return context -> USERS.getOrDefault(context.getPrincipal().getName(), Map.of())
                    .forEach((claim, values) -> context.getClaims().claim(claim, values));
        }

        @Bean
        RegisteredClientRepository clients() {
            String id = UUID.randomUUID().toString();
            return new RegisteredClientRepository() {
                @Override
                public void save(RegisteredClient registeredClient) {
                    // only the secret's re-encoding after a successful check comes here: the fixed client stays
                }

                @Override
                public RegisteredClient findById(String clientKey) {
                    return id.equals(clientKey) ? console(id) : null;
                }

                @Override
                public RegisteredClient findByClientId(String clientId) {
                    return CLIENT_ID.equals(clientId) ? console(id) : null;
                }
            };
        }

        private static RegisteredClient console(String id) {
            return RegisteredClient.withId(id)
                    .clientId(CLIENT_ID)
                    .clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(gatewayBaseUrl + "/login/oauth2/code/sso")
                    .postLogoutRedirectUri(gatewayBaseUrl + "/")
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                            .build())
                    .build();
        }

        @Bean
        JWKSource<SecurityContext> signingKeys() throws JOSEException {
            return new ImmutableJWKSet<>(new JWKSet(new RSAKeyGenerator(2048).keyID("provider-key").generate()));
        }

        @Bean
        JwtDecoder accessTokens(JWKSource<SecurityContext> signingKeys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(signingKeys);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }
    }
}
