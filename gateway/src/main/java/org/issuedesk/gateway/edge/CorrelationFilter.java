package org.issuedesk.gateway.edge;

import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.issuedesk.gateway.security.CallerIdentity;
import org.issuedesk.gateway.security.ForwardedIdentityFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * First and last for every request: gives it a request id ({@code X-Request-Id}: the client's when it sent a sane
 * one, else a new one), passes the id to the service and back to the client, and writes one access log line
 * when the answer is done: who, method, path, route, status, time. (The W3C {@code traceparent} is handled by
 * Micrometer Tracing and goes to the services with the request.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationFilter implements WebFilter {

    public static final String REQUEST_ID = "X-Request-Id";

    private static final Logger access = LoggerFactory.getLogger("org.issuedesk.gateway.access");
    // a client's id is kept only when it cannot break a log line or a header
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long started = System.nanoTime();
        String sent = exchange.getRequest().getHeaders().getFirst(REQUEST_ID);
        String requestId = sent != null && SANE_ID.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(REQUEST_ID, requestId);
        ServerWebExchange withId = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(REQUEST_ID, requestId)))
                .build();
        return chain.filter(withId).doFinally(signal -> log(withId, requestId, started));
    }

    private static void log(ServerWebExchange exchange, String requestId, long started) {
        if (!access.isInfoEnabled()) {
            return;
        }
        CallerIdentity caller = exchange.getAttribute(ForwardedIdentityFilter.IDENTITY_ATTRIBUTE);
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        access.info("client={} method={} path={} route={} status={} ms={} request-id={}",
                caller == null ? "-" : caller.method() + ":" + caller.subject(),
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(),
                route == null ? "-" : route.getId(),
                status == null ? "-" : status.value(),
                (System.nanoTime() - started) / 1_000_000,
                requestId);
    }
}
