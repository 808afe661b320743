package org.issuedesk.gateway.edge;

import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.issuedesk.gateway.web.ProblemResponses;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * No request body above the cap reaches a service: a declared {@code Content-Length} above it is refused at once; a
 * chunked body (no length) is read up to the cap before it is forwarded, and refused as soon as it passes it. Both
 * answer 413 problem+json.
 */
public class BodySizeLimitFilter implements WebFilter {

    private final int maxBytes;
    private final ProblemResponses problems;

    public BodySizeLimitFilter(DataSize maxBodySize, ProblemResponses problems) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, maxBodySize.toBytes());
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return tooLarge(exchange);
        }
        if (declared >= 0 || !request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            // the length is known and within the cap (the server holds the client to it), or there is no body
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(body -> Optional.of(exchange.mutate().request(new ServerHttpRequestDecorator(request) {
                    @Override
                    public Flux<DataBuffer> getBody() {
                        return Flux.just(body);
                    }
                }).build()))
                .defaultIfEmpty(Optional.of(exchange))
                // only the reading of the body: a limit hit further down is not the client's body
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(Optional.empty()))
                .flatMap(within -> within.map(chain::filter).orElseGet(() -> tooLarge(exchange)));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than " + maxBytes + " bytes.");
        return problems.write(exchange, problem, headers -> headers.set(HttpHeaders.CONNECTION, "close"));
    }
}
