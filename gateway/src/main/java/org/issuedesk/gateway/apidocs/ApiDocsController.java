package org.issuedesk.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

/**
 * One API document for the whole system: {@code /api-docs} lists the services' OpenAPI documents,
 * {@code /api-docs/{service}} serves each one as fetched from the service, with the gateway's security schemes and
 * the gateway as server (the services are reached only through it), and {@code /api-docs/ui} is a Swagger UI over
 * all of them. A service that publishes no document yet (or is down) gets a placeholder, so the others still show.
 * The documents describe the API and hold no data: they are not behind the door.
 */
@RestController
public class ApiDocsController {

    private static final Logger log = LoggerFactory.getLogger(ApiDocsController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SWAGGER_UI = "/webjars/swagger-ui/";

    private final Map<String, String> services = new LinkedHashMap<>();
    private final ApiDocsProperties settings;
    private final WebClient webClient = WebClient.create();
    private final String swaggerUiVersion = swaggerUiVersion();

    public ApiDocsController(IssueDeskGatewayProperties properties, ApiDocsProperties settings) {
        // same names as the route ids
        services.put("ingest-service", properties.services().ingest());
        services.put("classifier-service", properties.services().classifier());
        services.put("routing-service", properties.services().routing());
        this.settings = settings;
    }

    /** The Swagger UI's static files, from its webjar (the gateway serves no other file). */
    @Bean
    static RouterFunction<ServerResponse> swaggerUiFiles() {
        return RouterFunctions.resources(SWAGGER_UI + "**", new ClassPathResource("META-INF/resources" + SWAGGER_UI));
    }

    @GetMapping(path = "/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> index() {
        List<Map<String, String>> documents = services.keySet().stream()
                .map(name -> Map.of("name", name, "url", "/api-docs/" + name))
                .toList();
        return Map.of("documents", documents, "ui", "/api-docs/ui");
    }

    @GetMapping(path = "/api-docs/{service}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<String> document(@PathVariable String service) {
        String baseUrl = services.get(service);
        if (baseUrl == null) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No service named " + service + "."));
        }
        return webClient.get().uri(baseUrl + settings.path())
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(String.class)
                .timeout(settings.timeout())
                .map(body -> {
                    JsonNode document = JSON.readTree(body);
                    if (!(document instanceof ObjectNode object) || !document.has("openapi")) {
                        throw new IllegalStateException("not an OpenAPI document");
                    }
                    return object;
                })
                .onErrorResume(failure -> {
                    log.info("No API document from {} ({}{}): {}", service, baseUrl, settings.path(), failure.toString());
                    return Mono.just(placeholder(service));
                })
                .map(ApiDocsController::throughTheGateway)
                .map(JSON::writeValueAsString);
    }

    @GetMapping(path = "/api-docs/ui", produces = MediaType.TEXT_HTML_VALUE)
    public String ui() {
        StringBuilder urls = new StringBuilder();
        services.keySet().forEach(name -> urls.append(urls.isEmpty() ? "" : ",")
                .append("{name:'").append(name).append("',url:'/api-docs/").append(name).append("'}"));
        String files = SWAGGER_UI + swaggerUiVersion + "/";
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Issue Desk API</title>
                  <link rel="stylesheet" href="%1$sswagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$sswagger-ui-bundle.js"></script>
                  <script src="%1$sswagger-ui-standalone-preset.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({
                      urls: [%2$s],
                      dom_id: '#swagger-ui',
                      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                      layout: 'StandaloneLayout'
                    });
                  </script>
                </body>
                </html>
                """.formatted(files, urls);
    }

    /** What Swagger UI shows for a service that publishes no document (yet). */
    private static ObjectNode placeholder(String service) {
        ObjectNode document = JSON.createObjectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", service + " (no API document)");
        info.put("version", "unknown");
        info.put("description", "The " + service + " publishes no OpenAPI document yet, or cannot be reached.");
        document.putObject("paths");
        return document;
    }

    /** The gateway's ways in as security schemes, and the gateway as the only server. */
    private static ObjectNode throughTheGateway(ObjectNode document) {
        JsonNode existing = document.get("components");
        ObjectNode components = existing instanceof ObjectNode object ? object : document.putObject("components");
        ObjectNode schemes = components.get("securitySchemes") instanceof ObjectNode object
                ? object : components.putObject("securitySchemes");
        ObjectNode apiKey = schemes.putObject("apiKey");
        apiKey.put("type", "apiKey");
        apiKey.put("in", "header");
        apiKey.put("name", "X-API-Key");
        apiKey.put("description", "A key for tools and scripts; its roles decide what it may do.");
        ObjectNode bearer = schemes.putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("bearerFormat", "JWT");
        bearer.put("description", "An access token from the configured OpenID Connect issuer.");
        document.set("security", JSON.readTree("[{\"apiKey\":[]},{\"bearer\":[]}]"));
        document.set("servers", JSON.readTree("[{\"url\":\"/\",\"description\":\"the gateway\"}]"));
        return document;
    }

    private static String swaggerUiVersion() {
        try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties").getInputStream()) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("the swagger-ui webjar is missing", e);
        }
    }
}
