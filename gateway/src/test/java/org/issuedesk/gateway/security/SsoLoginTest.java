package org.issuedesk.gateway.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.issuedesk.contracts.identity.InternalToken;
import org.issuedesk.gateway.StubBackend;
import org.issuedesk.gateway.TestIssuer;
import org.issuedesk.gateway.TestKeys;
import org.issuedesk.gateway.TestOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on through the gateway against a real OpenID Connect provider (Spring Authorization Server, its own
 * context): a cookie-keeping HTTP client plays the browser through the authorization-code flow (login form
 * included), then uses the session like the console does. The services (stubs) must see the same verified identity
 * as for a bearer token; cookie-authenticated unsafe calls need the CSRF token; signing out ends the session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SsoLoginTest {

    static final String INTERNAL_KEY = "sso-login-test-internal-key-0123456789";
    static final String BENEFITS = "benefits-horizontal";
    static final String TRAVEL = "travel-documents-horizontal";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final StubBackend services = StubBackend.start();
    private static final TestOidcProvider provider = TestOidcProvider.start();
    private static final TestIssuer bearerIssuer = TestIssuer.start();
    private static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("issuedesk.gateway.services.ingest", services::baseUrl);
        registry.add("issuedesk.gateway.services.classifier", services::baseUrl);
        registry.add("issuedesk.gateway.services.routing", services::baseUrl);
        registry.add("issuedesk.gateway.internal-token.key", () -> INTERNAL_KEY);
        registry.add("issuedesk.gateway.sso.issuer-uri", provider::issuer);
        // one claim mapping for the provider's ID tokens and for bearer tokens (here from another issuer)
        registry.add("issuedesk.gateway.jwt.roles-claim", () -> "realm_access.roles");
        registry.add("issuedesk.gateway.jwt.teams-claim", () -> "groups");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", bearerIssuer::issuer);
        registry.add("issuedesk.gateway.sso.client-id", () -> TestOidcProvider.CLIENT_ID);
        registry.add("issuedesk.gateway.sso.client-secret", () -> TestOidcProvider.CLIENT_SECRET);
        // plain http here; the JDK's cookie store would keep a Secure cookie from http://127.0.0.1
        registry.add("issuedesk.gateway.sso.secure-cookie", () -> "false");
        registry.add("issuedesk.gateway.api-keys[0].name", () -> "triage-tool");
        registry.add("issuedesk.gateway.api-keys[0].sha256", () -> TestKeys.sha256Hex("tool-key"));
        registry.add("issuedesk.gateway.api-keys[0].roles", () -> "member");
        registry.add("issuedesk.gateway.api-keys[0].teams", () -> BENEFITS);
    }

    @LocalServerPort
    private int port;

    private String gateway;

    @BeforeEach
    void answerAndRegister() {
        gateway = "http://127.0.0.1:" + port;
        TestOidcProvider.gatewayAt(gateway);
        services.forgetRequests();
        services.answer("/api/teams/" + BENEFITS + "/cases", 200, "application/json", "{\"items\":[]}")
                .answer("/api/teams/" + TRAVEL + "/cases", 200, "application/json", "{\"items\":[]}")
                .answer("/api/cases/42/claim", 200, "application/json", "{\"id\":42}");
    }

    @AfterAll
    static void stop() {
        provider.close();
        bearerIssuer.close();
        services.close();
    }

    @Test
    void shouldOfferSingleSignOnToTheConsole() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> config = browser.get(gateway + "/console/config");
        assertThat(json.readTree(config.body())).isEqualTo(json.readTree(
                "{\"sso\":{\"signIn\":\"/oauth2/authorization/sso\",\"signOut\":\"/logout\"}}"));
    }

    @Test
    void shouldSignInAtTheProviderAndCallTheServicesAsThatPerson() throws Exception {
        Browser browser = new Browser();
        browser.signIn("marie");

        HttpResponse<String> me = browser.get(gateway + "/api/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json.readTree(me.body())).isEqualTo(json.readTree("""
                {"name":"marie","method":"jwt","roles":["member"],"teams":["benefits-horizontal"],"allTeams":false}"""));

        HttpResponse<String> queue = browser.get(gateway + "/api/teams/" + BENEFITS + "/cases");
        assertThat(queue.statusCode()).isEqualTo(200);
        StubBackend.Received received = services.receivedAt("/api/teams/" + BENEFITS + "/cases").get(0);
        InternalToken.Identity identity = verified(received);
        assertThat(identity.subject()).isEqualTo("marie");
        assertThat(identity.roles()).containsExactly("member");
        assertThat(identity.teams()).containsExactly(BENEFITS);
        // the gateway's session and CSRF cookies stay at the gateway
        assertThat(received.header("Cookie")).isNull();
        assertThat(received.header("Authorization")).isNull();

        assertThat(browser.get(gateway + "/api/teams/" + TRAVEL + "/cases").statusCode()).isEqualTo(403);
    }

    @Test
    void shouldRefuseACookieOnlyUnsafeRequestWithoutTheCsrfToken() throws Exception {
        Browser browser = new Browser();
        browser.signIn("marie");
        browser.get(gateway + "/api/me");

        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(gateway + "/api/cases/42/claim"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(forged.body()).contains("CSRF");
        assertThat(services.receivedAt("/api/cases/42/claim")).isEmpty();

        HttpResponse<String> claimed = browser.send(HttpRequest.newBuilder(URI.create(gateway + "/api/cases/42/claim"))
                .header("X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(claimed.statusCode()).isEqualTo(200);
        assertThat(verified(services.receivedAt("/api/cases/42/claim").get(0)).subject()).isEqualTo("marie");
    }

    @Test
    void shouldLeaveApiKeyAndBearerCallsAsTheyWere() throws Exception {
        HttpResponse<String> byKey = plainClient().build().send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/cases/42/claim")).header("X-API-Key", "tool-key")
                        .POST(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        String token = bearerIssuer.token("louis", List.of("lead"), List.of(BENEFITS));
        HttpResponse<String> byToken = plainClient().build().send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/cases/42/claim"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        // no CSRF token needed, no session or cookie made
        assertThat(List.of(byKey.statusCode(), byToken.statusCode())).containsExactly(200, 200);
        assertThat(byKey.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(byToken.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(services.receivedAt("/api/cases/42/claim")).extracting(received -> verified(received).subject())
                .containsExactly("triage-tool", "louis");
    }

    @Test
    void shouldEndTheSessionAtSignOut() throws Exception {
        Browser browser = new Browser();
        browser.signIn("marie");
        browser.get(gateway + "/api/me");

        HttpResponse<String> signOut = browser.send(HttpRequest.newBuilder(URI.create(gateway + "/logout"))
                .header("X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        // RP-initiated logout: to the provider's end-session endpoint with the ID token, then back to the console
        assertThat(signOut.statusCode()).isEqualTo(302);
        String location = signOut.headers().firstValue("Location").orElseThrow();
        assertThat(URLDecoder.decode(location, StandardCharsets.UTF_8))
                .startsWith(provider.issuer() + "/connect/logout?").contains("id_token_hint=")
                .contains("post_logout_redirect_uri=" + gateway + "/");
        HttpResponse<String> back = browser.follow(signOut);
        assertThat(back.uri().toString()).isEqualTo(gateway + "/");
        assertThat(back.statusCode()).isEqualTo(200);

        HttpResponse<String> me = browser.get(gateway + "/api/me");
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void shouldGiveAnotherTeamsMemberThatTeamOnly() throws Exception {
        Browser browser = new Browser();
        browser.signIn("omar");

        HttpResponse<String> me = browser.get(gateway + "/api/me");
        assertThat(json.readTree(me.body()).get("teams")).isEqualTo(json.readTree("[\"" + TRAVEL + "\"]"));
        assertThat(browser.get(gateway + "/api/teams/" + BENEFITS + "/cases").statusCode()).isEqualTo(403);
        assertThat(browser.get(gateway + "/api/teams/" + TRAVEL + "/cases").statusCode()).isEqualTo(200);
        InternalToken.Identity identity = verified(services.receivedAt("/api/teams/" + TRAVEL + "/cases").get(0));
        assertThat(identity.subject()).isEqualTo("omar");
        assertThat(identity.teams()).containsExactly(TRAVEL);
        assertThat(services.receivedAt("/api/teams/" + BENEFITS + "/cases")).isEmpty();
    }

    /**
     * HTTP/1.1 like a browser on http:// (the JDK client would otherwise try an h2c upgrade), and a time limit per
     * request, so that a request the gateway never answers fails the test instead of hanging the build.
     */
    private static HttpClient.Builder plainClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
    }

    private static HttpRequest withTimeout(HttpRequest request) {
        return HttpRequest.newBuilder(request, (name, value) -> true).timeout(TIMEOUT).build();
    }

    private static InternalToken.Identity verified(StubBackend.Received received) {
        return InternalToken.of(INTERNAL_KEY, "issuedesk-gateway")
                .verify(received.header(ForwardedIdentityFilter.IDENTITY_HEADER)).orElseThrow();
    }

    /** A browser: keeps cookies, follows redirects itself so each hop can be looked at. */
    private final class Browser {

        private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient client = plainClient().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final List<HttpResponse<String>> hops = new ArrayList<>();

        /** Through the provider's login form, back to the console's page. */
        void signIn(String user) throws Exception {
            HttpResponse<String> loginPage = follow(get(gateway + "/oauth2/authorization/sso"));
            // the way to the provider asked for PKCE
            assertThat(hops.get(0).headers().firstValue("Location").orElseThrow())
                    .startsWith(provider.issuer() + "/oauth2/authorize?")
                    .contains("code_challenge=", "code_challenge_method=S256");
            assertThat(loginPage.statusCode()).isEqualTo(200);
            Matcher csrf = CSRF_FIELD.matcher(loginPage.body());
            assertThat(csrf.find()).as("the provider's login form").isTrue();

            hops.clear();
            HttpResponse<String> landed = follow(send(HttpRequest.newBuilder(loginPage.uri())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user,
                            "password", TestOidcProvider.PASSWORD, "_csrf", csrf.group(1)))))
                    .build()));
            assertThat(landed.uri().toString()).isEqualTo(gateway + "/");
            assertThat(landed.statusCode()).isEqualTo(200);
            HttpResponse<String> callback = hops.stream()
                    .filter(hop -> hop.uri().getPath().equals("/login/oauth2/code/sso")).findFirst().orElseThrow();
            assertThat(callback.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                    .startsWith("SESSION=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        }

        HttpResponse<String> get(String url) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
        }

        HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(withTimeout(request), HttpResponse.BodyHandlers.ofString());
            hops.add(response);
            return response;
        }

        /** Follows redirects (GET), like a browser. */
        HttpResponse<String> follow(HttpResponse<String> response) throws IOException, InterruptedException {
            for (int i = 0; i < 10 && response.statusCode() / 100 == 3; i++) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                response = get(next.toString());
            }
            return response;
        }

        String cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name))
                    .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no cookie " + name));
        }

        private static String form(Map<String, String> fields) {
            return fields.entrySet().stream()
                    .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
    }
}
