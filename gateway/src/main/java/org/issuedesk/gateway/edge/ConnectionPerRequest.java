package org.issuedesk.gateway.edge;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every answer says {@code Connection: close}, so each HTTP/1.1 request gets a connection of its own. Reactor Netty
 * 1.3.6 sometimes stops reading a keep-alive connection when the client's next request arrives before the previous
 * exchange has fully terminated (reactor/reactor-netty#4361, fixed in its snapshots of September 2026): that
 * request then waited until the client gave up — a console call or a tool's request unanswered for 5–30 s,
 * reproduced by ConsoleTest in about a second. The stop-gap suggested there ({@code lastFlushWhenNoRead}) did not
 * help. The price is one TCP connection per request, small beside a request's work; remove this filter with a
 * Reactor Netty that has the fix (ConsoleTest's rapid-requests test tells whether it does).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConnectionPerRequest implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // at commit, so that nothing later in the chain (a routed service's headers) can drop it
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
