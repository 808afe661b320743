package org.issuedesk.gateway.resilience;

import java.net.URI;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

/**
 * Where a route's circuit breaker forwards when its service fails, is too slow, or its circuit is open. Mapped
 * for every method: the forward keeps the client's method, and a POST must get the same 503 as a GET.
 */
@RestController
public class FallbackController {

    private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

    private final IssueDeskGatewayProperties.Resilience resilience;

    public FallbackController(IssueDeskGatewayProperties properties) {
        this.resilience = properties.resilience();
    }

    @RequestMapping("/fallback")
    public ResponseEntity<ProblemDetail> fallback(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            // called directly, not forwarded by a circuit breaker: there is nothing here
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        ServerHttpRequest original = clientRequest(exchange);
        log.warn("{} unavailable for {} {}: {}", route.getId(), original.getMethod(), original.getPath(),
                cause == null ? "no cause recorded" : cause.toString());

        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                detail(route.getId(), cause));
        problem.setInstance(URI.create(original.getURI().getRawPath()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(resilience.openStateWait().toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The request as the client sent it: the circuit breaker forwards a copy of the exchange mutated to /fallback,
     * which decorates the route's exchange.
     */
    private static ServerHttpRequest clientRequest(ServerWebExchange exchange) {
        String fallbackPath = exchange.getRequest().getPath().value();
        ServerWebExchange current = exchange;
        while (current instanceof ServerWebExchangeDecorator decorator) {
            current = decorator.getDelegate();
            if (!current.getRequest().getPath().value().equals(fallbackPath)) {
                return current.getRequest();
            }
        }
        return exchange.getRequest();
    }

    private String detail(String service, Throwable cause) {
        if (cause instanceof TimeoutException) {
            IssueDeskGatewayProperties.Resilience.RouteLimits own = resilience.routes().get(service);
            long limit = (own == null ? resilience.timeLimit() : own.timeLimit()).toMillis();
            return "The " + service + " did not answer within " + limit + " ms. Retry later.";
        }
        if (cause instanceof HttpStatusCodeException failed) {
            return "The " + service + " answered with an error (" + failed.getStatusCode().value() + "). Retry later.";
        }
        if (cause instanceof BulkheadFullException) {
            return "Too many requests to the " + service + " are in flight at the gateway. Retry shortly.";
        }
        if (cause instanceof CallNotPermittedException) {
            return "The " + service + " is failing; calls to it are paused. Retry later.";
        }
        return "The " + service + " cannot be reached. Retry later.";
    }
}
