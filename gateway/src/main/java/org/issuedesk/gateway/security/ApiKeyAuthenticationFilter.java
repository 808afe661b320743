package org.issuedesk.gateway.security;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.issuedesk.gateway.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every {@code /api} request must carry a known {@code X-API-Key}. It runs before routing, so an unknown path
 * answers 401 too and reveals nothing to a caller without a key. The key itself never travels further: the
 * services receive the client's name in {@code X-Issuedesk-Client} instead (issue 6 replaces it with an identity
 * they can verify).
 */
@Component
@Order(ApiKeyAuthenticationFilter.ORDER)
public class ApiKeyAuthenticationFilter implements WebFilter {

    /** Early: nothing else needs to run for a request that will be refused. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    public static final String API_KEY_HEADER = "X-API-Key";
    public static final String CLIENT_HEADER = "X-Issuedesk-Client";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

    // the same matching (decoded segments) as the routes' Path predicates, so no spelling of a path slips past
    private static final PathPattern API = PathPatternParser.defaultInstance.parse("/api/**");

    private final ApiKeys apiKeys;
    private final ProblemResponses problems;

    public ApiKeyAuthenticationFilter(ApiKeys apiKeys, ProblemResponses problems) {
        this.apiKeys = apiKeys;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!API.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        String presented = exchange.getRequest().getHeaders().getFirst(API_KEY_HEADER);
        if (presented == null || presented.isBlank()) {
            return refuse(exchange, "This API needs an API key in the " + API_KEY_HEADER + " header.");
        }
        Optional<String> client = apiKeys.clientOf(presented);
        if (client.isEmpty()) {
            return refuse(exchange, "The API key in the " + API_KEY_HEADER + " header is not valid.");
        }
        ServerWebExchange authenticated = exchange.mutate()
                .request(request -> request.headers(headers -> {
                    headers.remove(API_KEY_HEADER);
                    // set, not add: a caller must not name itself
                    headers.set(CLIENT_HEADER, client.get());
                }))
                .build();
        return chain.filter(authenticated);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String detail) {
        log.debug("Refused {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), detail);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        return problems.write(exchange, problem, headers -> headers.set(HttpHeaders.WWW_AUTHENTICATE, "ApiKey"));
    }
}
