package org.issuedesk.support.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * problem+json for every client mistake in every servlet service: from Spring MVC (the advice), from
 * before it (the Content-Type filter, the {@code /error} page) and from Tomcat itself (the valve).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({ProblemDetailsAdvice.class, ProblemErrorController.class})
public class WebSupportAutoConfiguration {

    @Bean
    FilterRegistrationBean<ConcreteContentTypeFilter> concreteContentTypeFilter() {
        var registration = new FilterRegistrationBean<>(new ConcreteContentTypeFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(StandardHost.class)
    static class TomcatErrorReport {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReport() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
                }
            });
        }
    }
}
