package org.issuedesk.gateway.security;

import java.time.Duration;
import java.util.List;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.issuedesk.gateway.IssueDeskGatewayProperties.ApiKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    // SHA-256 of "local-dev-key" and of "another-key"
    private static final String LOCAL_DEV = "ed5a18fb8f807f996d649e379d3f35f39c543a91bdbf88c492f2ebd10d4df86c";
    private static final String ANOTHER = "dfc42b5169264b0614a973f3460a90a255e72d3bf083ced693776b21a3821690";

    @Test
    void shouldNameTheClientThatOwnsAKey() {
        // Given two configured keys, one hash written in upper case
        ApiKeys keys = keys(new ApiKey("ops-tool", ANOTHER), new ApiKey("local-dev", LOCAL_DEV.toUpperCase()));

        // When each key is presented
        // Then its own owner is found
        assertThat(keys.clientOf("local-dev-key")).contains("local-dev");
        assertThat(keys.clientOf("another-key")).contains("ops-tool");
    }

    @Test
    void shouldKnowNoOwnerForAnUnknownOrNearlyRightKey() {
        // Given one configured key
        ApiKeys keys = keys(new ApiKey("local-dev", LOCAL_DEV));

        // When other keys are presented, Then none has an owner
        assertThat(keys.clientOf("local-dev-key ")).isEmpty();
        assertThat(keys.clientOf("LOCAL-DEV-KEY")).isEmpty();
        assertThat(keys.clientOf("")).isEmpty();
        // and the hash itself is not a key
        assertThat(keys.clientOf(LOCAL_DEV)).isEmpty();
    }

    @Test
    void shouldKnowNoOwnerWhenNoKeyIsConfigured() {
        // Given no configured key, When any key is presented, Then it has no owner
        assertThat(keys().clientOf("local-dev-key")).isEmpty();
    }

    private static ApiKeys keys(ApiKey... apiKeys) {
        return new ApiKeys(new IssueDeskGatewayProperties(
                new IssueDeskGatewayProperties.Services("http://a:1", "http://b:2", "http://c:3"),
                new IssueDeskGatewayProperties.Resilience(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                List.of(apiKeys)));
    }
}
