package org.issuedesk.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @TempDir
    Path dir;

    private Path jar;
    private ServiceProcess service;

    @BeforeEach
    void buildFakeServiceJar() throws IOException {
        jar = dir.resolve("fake-exec.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    @AfterEach
    void stopService() {
        if (service != null) {
            service.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldWaitUntilTheReadinessProbeAnswers200ThenStopWithSigterm() throws IOException {
        // Given: a service that reports OUT_OF_SERVICE for its first second
        service = ServiceProcess.builder("fake", jar)
                .port(Ports.freePort())
                .jvmArgs(java.util.List.of("-Xmx32m"))
                .property("fake.ready-after-ms", 1000)
                .env("GREETING", "bonjour")
                .logFile(dir.resolve("logs/fake.log"))
                .start();

        // When
        long started = System.nanoTime();
        service.awaitReady(Duration.ofSeconds(20));

        // Then: it waited for the 200, with the port, arguments and environment it was given
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(service.isAlive()).isTrue();
        assertThat(service.logTail(5)).contains("server.port=" + service.port()).contains("GREETING=bonjour");

        // When: stopped
        service.stop(Duration.ofSeconds(10));

        // Then: it ended through its shutdown hook (SIGTERM), not a kill
        assertThat(service.isAlive()).isFalse();
        assertThat(service.logTail(5)).contains("fake service stopping");
    }

    @Test
    void shouldFailFastWithTheLogTailWhenTheServiceExits() throws IOException {
        // Given
        service = ServiceProcess.builder("broken", jar)
                .port(Ports.freePort())
                .jvmArgs(java.util.List.of("-Xmx32m"))
                .property("fake.exit-code", 3)
                .logFile(dir.resolve("broken.log"))
                .start();

        // When / Then: no waiting for the 60 s timeout
        long started = System.nanoTime();
        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(60)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("broken exited with code 3 before it was ready")
                .hasMessageContaining("cannot start: boom");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldKeepThePreviousLogWhenStartedAgain() throws IOException {
        // Given
        Path log = dir.resolve("again.log");
        Files.writeString(log, "previous run\n");

        // When
        service = ServiceProcess.builder("again", jar).port(Ports.freePort()).jvmArgs(java.util.List.of("-Xmx32m"))
                .logFile(log).start();
        service.awaitReady(Duration.ofSeconds(20));

        // Then
        assertThat(dir.resolve("again.log.1")).hasContent("previous run");
        assertThat(service.logTail(5)).doesNotContain("previous run");
    }

    @Test
    void shouldRefuseToStartWithoutAJar() {
        assertThatThrownBy(() -> ServiceProcess.builder("ghost", dir.resolve("missing.jar")).port(1).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no jar for ghost");
    }
}
