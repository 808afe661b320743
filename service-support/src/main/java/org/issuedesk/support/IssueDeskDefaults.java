package org.issuedesk.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code issuedesk-defaults.properties} (health probes, Prometheus, tracing, problem+json,
 * Kafka observation) as the <em>last</em> property source, so a service's own
 * {@code application.yml}, its environment and its command line all override it.
 */
public class IssueDeskDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "issuedesk-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("issuedeskDefaults",
                    new ClassPathResource(RESOURCE, IssueDeskDefaults.class.getClassLoader())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
