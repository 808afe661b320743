package org.issuedesk.gateway.resilience;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.issuedesk.gateway.IssueDeskGatewayProperties;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The circuit breakers behind the routes' {@code CircuitBreaker} filter: one breaker per route (the filter names it
 * after the route), so a failing service does not close the door to the others. A breaker counts connection
 * failures, time-outs and 5xx answers (the filter's {@code statusCodes}); each route may have its own time limit.
 *
 * <p>Spring Cloud CircuitBreaker also puts a semaphore bulkhead around each call, by default 25 concurrent calls per
 * route with no wait: the 26th concurrent request got 503, and since that refusal counted as a failure of the
 * service, a burst of them opened the breaker for everyone for {@code open-state-wait} (seen with the load tool at 64
 * requests in flight, and under the fuzzer). The bulkhead here is wider, and its refusals do not count against the
 * service: they say the gateway is busy, not that the service fails.
 */
@Configuration(proxyBeanMethods = false)
public class ResilienceConfiguration {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakerDefaults(IssueDeskGatewayProperties properties) {
        IssueDeskGatewayProperties.Resilience resilience = properties.resilience();
        CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.custom()
                // judge on the last calls, and only once there were enough: a lone failure does not open it
                .slidingWindowSize(resilience.failureWindow())
                .minimumNumberOfCalls(Math.min(resilience.minimumCalls(), resilience.failureWindow()))
                .failureRateThreshold(50)
                .waitDurationInOpenState(resilience.openStateWait())
                // after the wait, trial calls go through on their own: no request is needed to leave the open state
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(3)
                // a full bulkhead is the gateway's own refusal, not the service failing
                .ignoreExceptions(BulkheadFullException.class)
                .build();
        return factory -> {
            factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                    .circuitBreakerConfig(circuitBreaker)
                    .timeLimiterConfig(timeLimit(resilience.timeLimit()))
                    .build());
            resilience.routes().forEach((routeId, limits) -> factory.configure(builder -> builder
                    .circuitBreakerConfig(circuitBreaker)
                    .timeLimiterConfig(timeLimit(limits.timeLimit())), routeId));
        };
    }

    /**
     * Concurrent calls per route: well above what one service answers at once here (its Tomcat has 200 threads), so
     * the bulkhead only stops a runaway client, and a time-out (not the bulkhead) is what tells a slow service.
     */
    static final int MAX_CONCURRENT_CALLS_PER_ROUTE = 256;

    @Bean
    Customizer<ReactiveResilience4jBulkheadProvider> bulkheadDefaults() {
        BulkheadConfig bulkhead = BulkheadConfig.custom()
                .maxConcurrentCalls(MAX_CONCURRENT_CALLS_PER_ROUTE)
                .maxWaitDuration(Duration.ZERO)
                .build();
        return provider -> provider.configureDefault(id -> new Resilience4jBulkheadConfigurationBuilder()
                .bulkheadConfig(bulkhead)
                .build());
    }

    private static TimeLimiterConfig timeLimit(Duration limit) {
        return TimeLimiterConfig.custom().timeoutDuration(limit).build();
    }
}
