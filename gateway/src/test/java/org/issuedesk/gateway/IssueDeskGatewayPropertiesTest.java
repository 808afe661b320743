package org.issuedesk.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** A mistake in the gateway's settings stops the start, naming the setting, instead of failing requests later. */
class IssueDeskGatewayPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class)
            .withPropertyValues(
                    "issuedesk.gateway.services.ingest=http://ingest-service:8080",
                    "issuedesk.gateway.services.classifier=http://127.0.0.1:8082",
                    "issuedesk.gateway.services.routing=https://routing.example.org",
                    "issuedesk.gateway.resilience.time-limit=10s",
                    "issuedesk.gateway.resilience.open-state-wait=10s");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IssueDeskGatewayProperties.class)
    static class PropertiesOnly {
    }

    @Test
    void shouldBindValidSettingsWithNoKeyAsAnEmptyList() {
        // When the settings are valid and name no key
        runner.run(context -> {
            // Then they bind, and the key list is empty rather than missing
            IssueDeskGatewayProperties properties = context.getBean(IssueDeskGatewayProperties.class);
            assertThat(properties.services().routing()).isEqualTo("https://routing.example.org");
            assertThat(properties.resilience().timeLimit()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.apiKeys()).isEmpty();
        });
    }

    @Test
    void shouldRefuseAServiceUrlWithAPath() {
        // When a service URL carries a path (the route would not add it)
        runner.withPropertyValues("issuedesk.gateway.services.ingest=http://ingest-service:8080/api")
                // Then the start fails, naming the setting
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("services.ingest")
                        .hasStackTraceContaining("must be an http(s) base URL without a path"));
    }

    @Test
    void shouldRefuseAKeyStoredInClearInsteadOfItsHash() {
        // When an operator puts the key itself where its SHA-256 belongs
        runner.withPropertyValues(
                        "issuedesk.gateway.api-keys[0].name=ops-tool",
                        "issuedesk.gateway.api-keys[0].sha256=local-dev-key")
                // Then the start fails, naming the setting
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("apiKeys[0].sha256")
                        .hasStackTraceContaining("must be a hex SHA-256"));
    }

    @Test
    void shouldRefuseAMissingServiceUrl() {
        // When a service URL is blank
        runner.withPropertyValues("issuedesk.gateway.services.classifier=")
                // Then the start fails, naming the setting
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("services.classifier"));
    }
}
