package org.issuedesk.gateway.resilience;

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
 * after the route), so a failing service does not close the door to the others.
 */
@Configuration(proxyBeanMethods = false)
public class ResilienceConfiguration {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakerDefaults(IssueDeskGatewayProperties properties) {
        IssueDeskGatewayProperties.Resilience resilience = properties.resilience();
        CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.custom()
                // judge on the last 20 calls, and only once there were 10: a lone failure does not open it
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(resilience.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build();
        TimeLimiterConfig timeLimiter = TimeLimiterConfig.custom()
                .timeoutDuration(resilience.timeLimit())
                .build();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(circuitBreaker)
                .timeLimiterConfig(timeLimiter)
                .build());
    }
}
