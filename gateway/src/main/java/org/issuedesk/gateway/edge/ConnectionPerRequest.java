package org.issuedesk.gateway.edge;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
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
 *
 * <p>A request refused before its body was read (401, 415, …) has that body read and dropped first, up to the body
 * cap: closing with unread bytes would make the client see a reset instead of the answer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConnectionPerRequest implements WebFilter {

    private final long drainLimit;

    public ConnectionPerRequest(IssueDeskGatewayProperties settings) {
        this.drainLimit = settings.maxBodySize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        AtomicBoolean bodyTaken = new AtomicBoolean(false);
        ServerHttpRequest tracked = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                bodyTaken.set(true);
                return super.getBody();
            }
        };
        // at commit, so that nothing later in the chain (a routed service's headers) can drop it
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            if (bodyTaken.get() || declared <= 0 || declared > drainLimit) {
                return Mono.empty();
            }
            return request.getBody().doOnNext(DataBufferUtils::release).then().onErrorResume(e -> Mono.empty());
        });
        return chain.filter(exchange.mutate().request(tracked).build());
    }
}
