package org.issuedesk.gateway;

import java.time.Duration;

import org.issuedesk.gateway.security.Role;
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
    void shouldKeepSingleSignOnOffByDefaultAndRefuseAnIssuerWithoutClient() {
        runner.run(context -> assertThat(context.getBean(IssueDeskGatewayProperties.class).sso().enabled()).isFalse());
        // When an issuer is set but no client id (the sign-in could only fail at the provider)
        runner.withPropertyValues("issuedesk.gateway.sso.issuer-uri=https://sso.example.org/realms/issuedesk")
                // Then the start fails, naming the setting
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("issuedesk.gateway.sso.client-id must be set"));
    }

    @Test
    void shouldRefuseAKeyWithoutRole() {
        // When a key names no role (it could do nothing: most likely a forgotten setting)
        runner.withPropertyValues(
                        "issuedesk.gateway.api-keys[0].name=ops-tool",
                        "issuedesk.gateway.api-keys[0].sha256=" + "ab".repeat(32))
                // Then the start fails, naming the setting
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("apiKeys[0].roles")
                        .hasStackTraceContaining("must name at least one role"));
    }

    @Test
    void shouldBindRolesAndTeamsOfAKeyAndTheEdgeDefaults() {
        // When a key has roles and teams in any case, as the environment would give them
        runner.withPropertyValues(
                        "issuedesk.gateway.api-keys[0].name=triage",
                        "issuedesk.gateway.api-keys[0].sha256=" + "ab".repeat(32),
                        "issuedesk.gateway.api-keys[0].roles=member,LEAD",
                        "issuedesk.gateway.api-keys[0].teams=benefits-horizontal,passports")
                .run(context -> {
                    // Then they bind, and the edge settings have their defaults
                    IssueDeskGatewayProperties properties = context.getBean(IssueDeskGatewayProperties.class);
                    assertThat(properties.apiKeys()).singleElement().satisfies(key -> {
                        assertThat(key.roles()).containsExactly(Role.MEMBER, Role.LEAD);
                        assertThat(key.teams()).containsExactly("benefits-horizontal", "passports");
                    });
                    assertThat(properties.jwt().rolesClaim()).isEqualTo("roles");
                    assertThat(properties.internalToken().ttl()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.rateLimit().enabled()).isTrue();
                    assertThat(properties.cors().allowedOrigins()).isEmpty();
                });
    }

    @Test
    void shouldRefuseAnInternalTokenLifetimeAboveOneMinute() {
        runner.withPropertyValues("issuedesk.gateway.internal-token.ttl=5m")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("internalToken.ttl"));
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
