package org.issuedesk.gateway.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.issuedesk.gateway.IssueDeskGatewayProperties;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The circuit breakers behind the routes' {@code CircuitBreaker} filter: one breaker per route (the filter names it
 * after the route), so a failing service does not close the door to the others. A breaker counts connection
 * failures, time-outs and 5xx answers (the filter's {@code statusCodes}); each route may have its own time limit.
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

    private static TimeLimiterConfig timeLimit(Duration limit) {
        return TimeLimiterConfig.custom().timeoutDuration(limit).build();
    }
}
