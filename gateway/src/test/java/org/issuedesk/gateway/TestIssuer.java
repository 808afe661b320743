package org.issuedesk.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in OpenID Connect issuer on a random port: it serves its discovery document and its JWKS (the public half
 * of a test key), and signs tokens shaped like Keycloak's (roles in {@code realm_access.roles}, teams as
 * {@code groups} paths). The gateway validates them the real way: discovery, key download, signature, issuer, time.
 */
public final class TestIssuer implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey signingKey;
    /** Same kid, different key: what a forger would sign with. */
    private final RSAKey forgerKey;

    private TestIssuer() {
        try {
            signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
            forgerKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/.well-known/openid-configuration", exchange -> send(exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\","
                        + "\"subject_types_supported\":[\"public\"],"
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
        server.createContext("/jwks", exchange -> send(exchange, new JWKSet(signingKey.toPublicJWK()).toString()));
        server.start();
    }

    public static TestIssuer start() {
        return new TestIssuer();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A valid token for this user, like Keycloak's: roles in realm_access.roles, teams as group paths. */
    public String token(String user, List<String> roles, List<String> teams) {
        return sign(signingKey, user, roles, teams, Instant.now(), Duration.ofMinutes(5), issuer());
    }

    /** Issued 10 minutes ago, expired 5 minutes ago (well past the validator's 60 s of clock skew). */
    public String expiredToken(String user, List<String> roles) {
        return sign(signingKey, user, roles, List.of(), Instant.now().minus(Duration.ofMinutes(10)),
                Duration.ofMinutes(5), issuer());
    }

    /** Signed by another key under the same key id. */
    public String forgedToken(String user, List<String> roles) {
        return sign(forgerKey, user, roles, List.of(), Instant.now(), Duration.ofMinutes(5), issuer());
    }

    /** Signed by the right key, but naming another issuer. */
    public String foreignIssuerToken(String user, List<String> roles) {
        return sign(signingKey, user, roles, List.of(), Instant.now(), Duration.ofMinutes(5), "https://elsewhere.example");
    }

    private static String sign(RSAKey key, String user, List<String> roles, List<String> teams, Instant issuedAt,
            Duration lifetime, String issuer) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .claim("realm_access", Map.of("roles", roles))
                .claim("groups", teams.stream().map(team -> "/" + team).toList())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        try (exchange) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
