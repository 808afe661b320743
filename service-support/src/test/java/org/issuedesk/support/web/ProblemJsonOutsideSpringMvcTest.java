package org.issuedesk.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.issuedesk.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Client mistakes that never reach a controller still get problem+json: a Content-Type that is no
 * media type, and requests that Tomcat refuses itself. Runs a real Tomcat.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=127.0.0.1:1")
class ProblemJsonOutsideSpringMvcTest {

    @RestController
    static class EchoController {
        @PostMapping("/echo")
        String echo(@RequestBody String body) {
            return body;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(EchoController.class)
    static class App {
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldRefuseAWildcardContentTypeWith415ProblemJson() throws Exception {
        HttpResponse<String> response = post("/echo", "*/*", "{}");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":415");
    }

    @Test
    void shouldRefuseGarbageContentTypeWith415ProblemJson() throws Exception {
        HttpResponse<String> response = post("/echo", "garbage", "{}");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("\"status\":415");
    }

    @Test
    void shouldAnswerTomcatsOwnRefusalAsProblemJson() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/echo%2F..%2Fx")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":400").doesNotContain("Tomcat").doesNotContain("<html");
    }

    @Test
    void shouldAnswerTheErrorPageAsProblemJson() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/no-such-thing"))
                .header(TestIdentity.HEADER, TestIdentity.admin("tester")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void shouldStillServeAConcreteContentType() throws Exception {
        HttpResponse<String> response = post("/echo", "text/plain; charset=UTF-8", "hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).header(TestIdentity.HEADER, TestIdentity.admin("tester")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
