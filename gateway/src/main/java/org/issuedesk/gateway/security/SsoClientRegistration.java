package org.issuedesk.gateway.security;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.issuedesk.gateway.IssueDeskGatewayProperties;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The gateway's one client registration at the single sign-on provider ({@value #ID}), built from the provider's
 * OpenID configuration when it is first needed rather than at startup: the gateway starts (and serves API keys and
 * bearer tokens) while the provider is still starting or down, and a failed read is retried at the next sign-in.
 * The configuration may be read at another address than the issuer's (compose: inside the network), but it must
 * name the configured issuer, which the ID tokens are then checked against.
 */
final class SsoClientRegistration implements ReactiveClientRegistrationRepository {

    static final String ID = "sso";

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private final Mono<ClientRegistration> registration;

    SsoClientRegistration(IssueDeskGatewayProperties.Sso sso, WebClient web) {
        this.registration = web.get().uri(sso.metadataLocation())
                .retrieve()
                .bodyToMono(JSON_OBJECT)
                .timeout(Duration.ofSeconds(10))
                .map(metadata -> registration(sso, metadata))
                // kept once read; a failure is not kept, so the next sign-in tries again
                .cache(read -> Duration.ofDays(1), failure -> Duration.ZERO, () -> Duration.ZERO);
    }

    @Override
    public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
        return ID.equals(registrationId) ? registration : Mono.empty();
    }

    private static ClientRegistration registration(IssueDeskGatewayProperties.Sso sso, Map<String, Object> metadata) {
        if (!sso.issuerUri().equals(metadata.get("issuer"))) {
            throw new IllegalStateException("The OpenID configuration at " + sso.metadataLocation() + " names issuer "
                    + metadata.get("issuer") + ", not issuedesk.gateway.sso.issuer-uri " + sso.issuerUri());
        }
        ClientRegistration.Builder builder = ClientRegistrations.fromOidcConfiguration(metadata)
                .registrationId(ID)
                .clientName("single sign-on")
                .clientId(sso.clientId())
                .scope(sso.scopes())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .userNameAttributeName(IdTokenClaimNames.SUB);
        if (sso.clientSecret() == null || sso.clientSecret().isBlank()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(sso.clientSecret());
        }
        return builder.build();
    }
}
