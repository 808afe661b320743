package org.issuedesk.gateway.security;

import org.issuedesk.gateway.web.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;

/**
 * Spring Security's firewall refuses suspicious paths ({@code ..}, encoded slashes, {@code ;}) before
 * any route runs, with a bare 400. This makes that answer problem+json like every other refusal.
 */
final class FirewallRejections {

    private FirewallRejections() {
    }

    static BeanPostProcessor installer(ObjectProvider<ProblemResponses> problems) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof WebFilterChainProxy proxy) {
                    proxy.setExchangeRejectedHandler(handler(problems));
                }
                return bean;
            }
        };
    }

    private static ServerExchangeRejectedHandler handler(ObjectProvider<ProblemResponses> problems) {
        return (exchange, rejected) -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "The request path is not allowed (no '..', encoded '/' or ';' segments).");
            problem.setTitle("Invalid request path");
            return problems.getObject().write(exchange, problem, headers -> { });
        };
    }
}
