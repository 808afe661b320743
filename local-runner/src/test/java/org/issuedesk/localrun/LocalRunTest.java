package org.issuedesk.localrun;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunTest {

    @TempDir
    Path root;

    @Test
    void shouldNameWhatIsNotBuiltInsteadOfStartingAnything() {
        // Given: a repo without built jars
        LocalRun run = new LocalRun(root, root.resolve("local-runner/target/kafka-lib"),
                new PrintStream(new ByteArrayOutputStream()), Instant.now());

        // When / Then
        assertThatThrownBy(run::start)
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("not built yet")
                .hasMessageContaining("ingest-service/target/ingest-service-*-exec.jar")
                .hasMessageContaining("gateway/target/gateway-*-exec.jar")
                .hasMessageContaining("kafka-lib")
                .hasMessageContaining("./run-local.sh --build");
    }
}
