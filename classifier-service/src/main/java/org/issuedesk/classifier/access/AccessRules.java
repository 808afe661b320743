package org.issuedesk.classifier.access;

import java.io.IOException;

import org.issuedesk.support.identity.CurrentIdentity;
import org.issuedesk.support.web.ProblemJson;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may change policy files, checked here as well as at the gateway (the matrix in docs/gateway.md): any role
 * reads them and classifies (ClassifyController's {@code @RequiresRole}), only admins write. A filter, not an
 * interceptor, so that every write under {@code /api/policy-files} is refused with 403 before anything else looks
 * at it, whatever handler (or none) would serve it.
 */
@Configuration(proxyBeanMethods = false)
class AccessRules {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> policyFileWrites() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String method = request.getMethod();
                boolean read = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
                boolean admin = CurrentIdentity.of(request).map(caller -> caller.hasRole("admin")).orElse(false);
                if (!read && !admin) {
                    // the identity filter ran first: a caller here is verified, so this is a 403, not a 401
                    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                    response.setContentType(ProblemJson.MEDIA_TYPE);
                    ProblemJson.write(response.getOutputStream(), HttpServletResponse.SC_FORBIDDEN,
                            "Only admins change policy files.", null);
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.addUrlPatterns("/api/policy-files", "/api/policy-files/*");
        // right after service-support's identity filter (HIGHEST_PRECEDENCE + 20)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }
}
