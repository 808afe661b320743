package org.issuedesk.gateway.edge;

import java.time.Duration;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.issuedesk.gateway.security.CallerIdentity;
import org.issuedesk.gateway.security.IssueDeskAuthentication;
import org.issuedesk.gateway.web.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Requests per client: one token bucket per verified caller, so one busy tool cannot starve the others. Runs after
 * authentication (the key is the identity, not an address a client could vary); a refused request answers 429 with
 * {@code Retry-After}.
 */
public class RateLimitFilter implements WebFilter {

    private final TokenBuckets buckets;
    private final ProblemResponses problems;

    public RateLimitFilter(TokenBuckets buckets, ProblemResponses problems) {
        this.buckets = buckets;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(IssueDeskAuthentication.class::isInstance)
                .map(authentication -> Optional.of(((IssueDeskAuthentication) authentication).identity()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(caller -> {
                    // only authorized requests get here: without an identity there is nothing to count
                    Duration wait = caller.map(identity -> buckets.tryTake(key(identity))).orElse(Duration.ZERO);
                    if (wait.isZero()) {
                        return chain.filter(exchange);
                    }
                    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                            "Too many requests from " + caller.get().subject() + ". Retry in " + seconds + " s.");
                    return problems.write(exchange, problem,
                            headers -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
                });
    }

    private static String key(CallerIdentity identity) {
        return identity.method() + ":" + identity.subject();
    }
}
