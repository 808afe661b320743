package org.issuedesk.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The {@code X-API-Key} way in, for tools and scripts: a web filter that turns a known key into the caller's
 * identity and refuses an unknown one. A request without the header passes on (to the bearer token filter).
 */
final class ApiKeyAuthentication {

    static final String HEADER = "X-API-Key";

    private ApiKeyAuthentication() {
    }

    static AuthenticationWebFilter filter(ApiKeys apiKeys, ProblemAuthenticationHandlers handlers) {
        ReactiveAuthenticationManager manager = authentication -> {
            String presented = ((PresentedKey) authentication).key;
            return apiKeys.identityOf(presented)
                    .<Mono<Authentication>>map(identity -> Mono.just(new IssueDeskAuthentication(identity)))
                    .orElseGet(() -> Mono.error(new InvalidApiKeyException()));
        };
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        filter.setServerAuthenticationConverter(exchange -> {
            String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
            return presented == null ? Mono.empty() : Mono.just(new PresentedKey(presented));
        });
        filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(handlers));
        // stateless: every request proves itself
        filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return filter;
    }

    /** The key as presented, before it is checked; never logged. */
    private static final class PresentedKey extends AbstractAuthenticationToken {

        private final transient String key;

        PresentedKey(String key) {
            super(java.util.List.of());
            this.key = key;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return "api-key";
        }

        @Override
        public String toString() {
            return "PresentedKey";
        }
    }
}
