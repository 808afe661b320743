package org.issuedesk.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.issuedesk.gateway.IssueDeskGatewayProperties.ApiKey;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    // SHA-256 of "local-dev-key" and of "another-key"
    private static final String LOCAL_DEV = "ed5a18fb8f807f996d649e379d3f35f39c543a91bdbf88c492f2ebd10d4df86c";
    private static final String ANOTHER = "dfc42b5169264b0614a973f3460a90a255e72d3bf083ced693776b21a3821690";

    @Test
    void shouldNameTheClientThatOwnsAKey() {
        // Given two configured keys, one hash written in upper case
        ApiKeys keys = keys(new ApiKey("ops-tool", ANOTHER, List.of(Role.INGEST), List.of()), new ApiKey("local-dev", LOCAL_DEV.toUpperCase(), List.of(Role.ADMIN), List.of()));

        // When each key is presented
        // Then its own owner is found
        assertThat(keys.identityOf("local-dev-key")).hasValueSatisfying(identity -> {
            assertThat(identity.subject()).isEqualTo("local-dev");
            assertThat(identity.roles()).containsExactly(Role.ADMIN);
        });
        assertThat(keys.identityOf("another-key")).hasValueSatisfying(identity -> {
            assertThat(identity.subject()).isEqualTo("ops-tool");
            assertThat(identity.roles()).containsExactly(Role.INGEST);
        });
    }

    @Test
    void shouldKnowNoOwnerForAnUnknownOrNearlyRightKey() {
        // Given one configured key
        ApiKeys keys = keys(new ApiKey("local-dev", LOCAL_DEV, List.of(Role.MEMBER), List.of("passports")));

        // When other keys are presented, Then none has an owner
        assertThat(keys.identityOf("local-dev-key ")).isEmpty();
        assertThat(keys.identityOf("LOCAL-DEV-KEY")).isEmpty();
        assertThat(keys.identityOf("")).isEmpty();
        // and the hash itself is not a key
        assertThat(keys.identityOf(LOCAL_DEV)).isEmpty();
    }

    @Test
    void shouldKnowNoOwnerWhenNoKeyIsConfigured() {
        // Given no configured key, When any key is presented, Then it has no owner
        assertThat(keys().identityOf("local-dev-key")).isEmpty();
    }

    private static ApiKeys keys(ApiKey... apiKeys) {
        return new ApiKeys(new IssueDeskGatewayProperties(
                new IssueDeskGatewayProperties.Services("http://a:1", "http://b:2", "http://c:3"),
                new IssueDeskGatewayProperties.Resilience(Duration.ofSeconds(1), Duration.ofSeconds(1), 20, 10, Map.of()),
                List.of(apiKeys),
                new IssueDeskGatewayProperties.Jwt("roles", "teams", "sub"),
                new IssueDeskGatewayProperties.InternalToken(null, "issuedesk-gateway", Duration.ofSeconds(30)),
                new IssueDeskGatewayProperties.RateLimit(true, 20, 40),
                DataSize.ofMegabytes(5),
                new IssueDeskGatewayProperties.Cors(List.of(), Duration.ofHours(1)),
                IssueDeskGatewayProperties.Sso.OFF));
    }
}
