package org.issuedesk.systemtests;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

/**
 * A test OpenID issuer: RS256 JWTs signed by a key whose public half a JDK HttpServer serves as a JWKS, so that
 * the gateway's real validation path (key download, signature, expiry) runs. The gateway is pointed at it with
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} = {@link #jwkSetUri()}.
 */
final class TestIssuer implements AutoCloseable {

    private static final String KEY_ID = "system-tests";

    private final KeyPair signingKey;
    private final HttpServer jwks;

    private TestIssuer(KeyPair signingKey, HttpServer jwks) {
        this.signingKey = signingKey;
        this.jwks = jwks;
    }

    /** A new signing key, and its JWKS served on a free port of the loopback address. */
    static TestIssuer start() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair signingKey = generator.generateKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) signingKey.getPublic();
        byte[] jwkSet = ("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + KEY_ID + "\",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"n\":\"" + base64Url(unsigned(publicKey.getModulus())) + "\","
                + "\"e\":\"" + base64Url(unsigned(publicKey.getPublicExponent())) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwkSet.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwkSet);
                }
            }
        });
        jwks.start();
        return new TestIssuer(signingKey, jwks);
    }

    /** Where the JWKS is served. */
    String jwkSetUri() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
    }

    /** A signed JWT with these claims (the gateway reads roles and teams from the {@code roles} and {@code teams} claims). */
    String jwt(String subject, List<String> roles, List<String> teams, Instant issuedAt, Instant expiresAt)
            throws GeneralSecurityException {
        String header = base64Url(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String claims = base64Url(("{\"sub\":\"" + subject + "\",\"roles\":" + jsonArray(roles) + ",\"teams\":"
                + jsonArray(teams) + ",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond()
                + "}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(signingKey.getPrivate());
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + base64Url(rsa.sign());
    }

    @Override
    public void close() {
        jwks.stop(0);
    }

    private static String jsonArray(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").reduce((x, y) -> x + "," + y).map(s -> "[" + s + "]").orElse("[]");
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
