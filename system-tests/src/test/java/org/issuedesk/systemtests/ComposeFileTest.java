package org.issuedesk.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so {@code docker compose up} cannot be tried; {@code .ci/run} parses
 * the file with docker-compose, and this test checks what that parser does not: every dependency
 * waits for a health check that exists, only the gateway is published, each image builds a module
 * that exists, and no secret has a default.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, Map<String, Object>> services;
    private static String compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Map<String, Object> file = new Yaml().load(compose);
        assertThat(file).doesNotContainKey("version");
        services = (Map<String, Map<String, Object>>) file.get("services");
    }

    @Test
    void shouldRunKafkaPostgresTheFourServicesAndOptionallyPrometheusAndGrafana() {
        assertThat(services).containsOnlyKeys("kafka", "postgres", "ingest-service", "classifier-service",
                "routing-service", "gateway", "prometheus", "grafana", "keycloak");
        assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((String) services.get("postgres").get("image")).startsWith("postgres:");
    }

    @Test
    void shouldGiveEveryContainerAHealthCheck() {
        services.forEach((name, service) -> assertThat(service).as(name).containsKey("healthcheck"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldStartEachServiceOnlyWhenWhatItNeedsIsHealthy() {
        services.forEach((name, service) -> {
            var dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            dependsOn.forEach((dependency, condition) -> {
                assertThat(condition).as(name + " → " + dependency).containsEntry("condition", "service_healthy");
                assertThat(services.get(dependency)).as(dependency + " has a health check").containsKey("healthcheck");
            });
        });
        assertThat((Map<String, Object>) services.get("routing-service").get("depends_on")).containsKeys("kafka", "postgres");
        assertThat((Map<String, Object>) services.get("ingest-service").get("depends_on")).containsKeys("kafka", "postgres");
        assertThat((Map<String, Object>) services.get("gateway").get("depends_on"))
                .containsKeys("ingest-service", "classifier-service", "routing-service");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPublishOnlyTheGatewayPortAndGrafanaOnLoopbackWhenAskedFor() {
        services.forEach((name, service) -> {
            if (name.equals("gateway")) {
                assertThat(service).containsKey("ports");
            } else if (name.equals("keycloak")) {
                // only with --profile sso, and only to this machine
                assertThat((List<String>) service.get("profiles")).containsExactly("sso");
                assertThat((List<String>) service.get("ports")).allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
            } else if (name.equals("grafana")) {
                // only with --profile observability, and only to this machine
                assertThat((List<String>) service.get("profiles")).containsExactly("observability");
                assertThat((List<String>) service.get("ports")).allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
            } else {
                assertThat(service).as(name).doesNotContainKey("ports");
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldMountThePrometheusScrapeConfigAndTheProvisionedDashboard() throws IOException {
        for (String name : List.of("prometheus", "grafana")) {
            assertThat((List<String>) services.get(name).get("profiles")).as(name).containsExactly("observability");
            for (String volume : (List<String>) services.get(name).get("volumes")) {
                assertThat(ROOT.resolve(volume.split(":")[0])).as(volume).exists();
            }
        }
        String scrape = Files.readString(ROOT.resolve("docker/prometheus/prometheus.yml"));
        for (String service : List.of("gateway", "ingest-service", "classifier-service", "routing-service")) {
            assertThat(scrape).contains(service + ":8080");
        }
        assertThat(scrape).contains("metrics_path: /actuator/prometheus");
        Map<String, Object> dashboard = new Yaml().load(
                Files.readString(ROOT.resolve("docker/grafana/dashboards/issuedesk-pipeline.json")));
        assertThat((List<Map<String, Object>>) dashboard.get("panels")).extracting(p -> (String) p.get("title"))
                .anySatisfy(t -> assertThat(t).containsIgnoringCase("dead letter"))
                .anySatisfy(t -> assertThat(t).containsIgnoringCase("lag"))
                .anySatisfy(t -> assertThat(t).containsIgnoringCase("latency"))
                .anySatisfy(t -> assertThat(t).containsIgnoringCase("throughput"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldImportASampleRealmWithTheTeamsAndAUserPerRoleButNoPassword() throws IOException {
        var keycloak = services.get("keycloak");
        assertThat((List<String>) keycloak.get("profiles")).containsExactly("sso");
        String volume = ((List<String>) keycloak.get("volumes")).get(0);
        assertThat(volume).endsWith(":/opt/keycloak/data/import/issuedesk-realm.json:ro");
        Map<String, Object> realm = new Yaml().load(Files.readString(ROOT.resolve(volume.split(":")[0])));
        assertThat(realm).containsEntry("realm", "issuedesk");
        assertThat((List<Map<String, Object>>) realm.get("groups")).extracting(g -> (String) g.get("name"))
                .contains("benefits-horizontal", "travel-documents-horizontal");
        List<Map<String, Object>> users = (List<Map<String, Object>>) realm.get("users");
        assertThat(users).flatExtracting(u -> (List<String>) u.get("realmRoles"))
                .contains("ingest", "member", "lead", "analyst", "admin");
        // the sample users' password comes from the environment at import, never from the repository
        assertThat(users).allSatisfy(u -> assertThat((List<Map<String, Object>>) u.get("credentials"))
                .allSatisfy(c -> assertThat(c).containsEntry("value", "${ISSUEDESK_SSO_PASSWORD}")));
        assertThat(compose).doesNotContain("ISSUEDESK_SSO_PASSWORD:-");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBuildEachServiceFromAModuleOfThisRepository() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        for (String name : List.of("ingest-service", "classifier-service", "routing-service", "gateway")) {
            var build = (Map<String, Object>) services.get(name).get("build");
            var args = (Map<String, String>) build.get("args");
            assertThat(args).containsEntry("MODULE", name);
            assertThat(ROOT.resolve(name).resolve("pom.xml")).exists();
        }
        // the image build runs Maven on the whole reactor, so it needs every module's sources
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (modules.find()) {
            assertThat(dockerfile).as("Dockerfile copies module " + modules.group(1))
                    .containsPattern("(?m)^COPY " + Pattern.quote(modules.group(1)) + " ");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveTheGatewayAndEveryServiceTheSameInternalKey() {
        // the gateway signs the identity it forwards, each service refuses a request without a valid one
        for (String name : List.of("ingest-service", "classifier-service", "routing-service", "gateway")) {
            Map<String, Object> environment = (Map<String, Object>) services.get(name).get("environment");
            assertThat(environment).as(name).containsEntry("ISSUEDESK_INTERNAL_KEY",
                    "${ISSUEDESK_INTERNAL_KEY:?set ISSUEDESK_INTERNAL_KEY}");
        }
    }

    @Test
    void shouldTakeSecretsFromTheEnvironmentWithoutDefaults() {
        assertThat(compose).contains("${POSTGRES_PASSWORD:?").contains("${ISSUEDESK_API_KEY_SHA256:?")
                .contains("${ISSUEDESK_INTERNAL_KEY:?")
                .doesNotContainPattern("PASSWORD:-").doesNotContainPattern("_KEY:-");
    }
}
