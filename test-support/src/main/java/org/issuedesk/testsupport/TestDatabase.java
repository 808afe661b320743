package org.issuedesk.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for a test class: a Testcontainers PostgreSQL where Docker runs, otherwise the
 * server this machine runs on 127.0.0.1:5432 (trust auth, database {@code test}), or the one named by
 * {@code ISSUEDESK_TEST_POSTGRES_URL}. Each call gets a fresh schema, so test classes never see each
 * other's rows and need no clean-up.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static Server server;

    /** JDBC coordinates of one fresh schema. */
    public record Schema(String url, String username, String password, String schema) {

        /** As Spring Boot properties, for {@code @DynamicPropertySource} or a child process. */
        public Map<String, String> springProperties() {
            return Map.of("spring.datasource.url", url,
                    "spring.datasource.username", username,
                    "spring.datasource.password", password);
        }
    }

    private record Server(String url, String username, String password) {
    }

    private TestDatabase() {
    }

    public static synchronized Schema freshSchema() {
        Server s = server();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(s.url(), s.username(), s.password())) {
            c.createStatement().execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a schema on " + s.url()
                    + " (is PostgreSQL running? see README, Troubleshooting)", e);
        }
        String separator = s.url().contains("?") ? "&" : "?";
        return new Schema(s.url() + separator + "currentSchema=" + schema, s.username(), s.password(), schema);
    }

    private static Server server() {
        if (server == null) {
            server = startServer();
        }
        return server;
    }

    private static Server startServer() {
        String configured = System.getenv("ISSUEDESK_TEST_POSTGRES_URL");
        if (configured != null && !configured.isBlank()) {
            return new Server(configured, envOr("ISSUEDESK_TEST_POSTGRES_USER", "postgres"),
                    envOr("ISSUEDESK_TEST_POSTGRES_PASSWORD", ""));
        }
        if (dockerAvailable()) {
            var container = new PostgreSQLContainer("postgres:17-alpine");
            container.start(); // stopped by Testcontainers' reaper when the JVM ends
            log.info("Tests use a Testcontainers PostgreSQL at {}", container.getJdbcUrl());
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        log.info("No Docker: tests use the local PostgreSQL at {}", LOCAL_URL);
        return new Server(LOCAL_URL, "postgres", "");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
