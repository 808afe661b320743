package org.issuedesk.support.identity;

import java.time.Clock;
import java.util.Arrays;

import org.issuedesk.contracts.identity.InternalToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every servlet service checks the identity the gateway forwards: a service reached without it refuses the request
 * (issue 6). The key has no default outside the {@code local} profile: a service without one does not start.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityAutoConfiguration.class);

    @Bean
    InternalToken internalTokenVerifier(IdentityProperties properties, Environment environment) {
        String key = properties.key();
        if (key == null || key.isBlank()) {
            if (!Arrays.asList(environment.getActiveProfiles()).contains("local")) {
                throw new IllegalStateException("No internal token key: set ISSUEDESK_INTERNAL_KEY (the same at least "
                        + InternalToken.MIN_KEY_BYTES + "-byte secret as the gateway's) or issuedesk.identity.key");
            }
            log.info("Local profile: the forwarded identity is checked with the documented development key");
            key = IdentityProperties.LOCAL_DEV_KEY;
        }
        try {
            return InternalToken.of(key, properties.issuer());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("issuedesk.identity.key (ISSUEDESK_INTERNAL_KEY): " + e.getMessage(), e);
        }
    }

    @Bean
    FilterRegistrationBean<IdentityFilter> identityFilter(InternalToken internalTokenVerifier) {
        var registration = new FilterRegistrationBean<>(new IdentityFilter(internalTokenVerifier));
        // after the Content-Type check (its 415 needs no caller), before anything that reads the request
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    CurrentIdentity currentIdentity() {
        return new CurrentIdentity();
    }

    @Bean
    WebMvcConfigurer requiredRoles(CurrentIdentity currentIdentity) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new RequiredRoleInterceptor(currentIdentity));
            }
        };
    }
}
