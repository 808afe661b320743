package org.issuedesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

/**
 * Routing's live case stream (server-sent events) through the real gateway, on the ordinary routing route: passed on
 * event by event, not buffered until the end, and not cut by the API's time limit (which, like the circuit breaker,
 * covers a call until the answer begins).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // the API's limit: a stream that went through the API's route would be cut after this
        "issuedesk.gateway.resilience.time-limit=1s"})
class CaseStreamRouteTest {

    private static final String KEY = "stream-test-key";
    private static final String PATH = "/api/teams/benefits-horizontal/cases/events";

    /** Counted down by the test when it has read the first event: the stub sends the rest only then. */
    private static final CountDownLatch firstEventRead = new CountDownLatch(1);
    private static final List<String> identities = new CopyOnWriteArrayList<>();
    private static final HttpServer routing = streamingRouting();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        String routingUrl = "http://127.0.0.1:" + routing.getAddress().getPort();
        registry.add("issuedesk.gateway.services.routing", () -> routingUrl);
        registry.add("issuedesk.gateway.api-keys[0].name", () -> "bea.benefits");
        registry.add("issuedesk.gateway.api-keys[0].sha256", () -> TestKeys.sha256Hex(KEY));
        registry.add("issuedesk.gateway.api-keys[0].roles", () -> "member");
        registry.add("issuedesk.gateway.api-keys[0].teams", () -> "benefits-horizontal");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopRouting() {
        routing.stop(0);
    }

    @Test
    void shouldPassTheStreamOnEventByEventPastTheApisTimeLimit() throws Exception {
        // When a team member opens the team's stream through the gateway
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                        .header("X-API-Key", KEY).header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofLines());

        // Then the first event arrives while the service still holds the rest back (nothing is buffered)
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        Iterator<String> lines = response.body().iterator();
        List<String> read = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            read.add(line);
            if (line.equals("data:{\"n\":1}")) {
                firstEventRead.countDown();
            }
        }

        // And the whole stream, longer than the API's 1 s limit, reaches the client
        assertThat(read).containsSubsequence("event:ready", "data:{\"n\":1}", ":heartbeat", "event:case",
                "data:{\"n\":2}");
        // with the verified identity the gateway forwards to the service
        assertThat(identities).singleElement().satisfies(identity -> assertThat(identity).isNotBlank());
    }

    /** A routing service whose stream sends one event, waits for the client to read it, then more for 1.5 s. */
    private static HttpServer streamingRouting() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(PATH, exchange -> {
                identities.add(exchange.getRequestHeaders().getFirst("X-Issuedesk-Identity"));
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    write(out, "event:ready\ndata:{\"n\":1}\n\n");
                    if (!firstEventRead.await(30, TimeUnit.SECONDS)) {
                        return; // the client never saw it: the gateway held it back; the test fails on the content
                    }
                    // longer than the API's time limit, as a real stream (50 s) is
                    Thread.sleep(1500);
                    write(out, ":heartbeat\n\nevent:case\ndata:{\"n\":2}\n\n");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
