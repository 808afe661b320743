package org.issuedesk.localrun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run
 * from the Apache Kafka jars in a child JVM: {@code java -cp <kafka-lib>/* kafka.Kafka server.properties}.
 * A child keeps the broker's classpath (Scala, Jackson 2, Log4j 2) and its logs apart from ours.
 *
 * <p>Files under the data folder: {@code kafka/server.properties} and {@code kafka/log4j2.properties}
 * (rewritten at every start: the configuration lives here, in code), {@code kafka/data} (the log
 * directory, formatted once, so a restart keeps the topics and their records) and
 * {@code logs/kafka.log}.
 */
public final class KafkaBroker {

    /** The broker's heap; it needs about 400 MB idle. */
    static final String HEAP = "-Xmx1G";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final Path libDir;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    /**
     * @param libDir         the broker's jars (local-runner/target/kafka-lib)
     * @param dataDir        the data folder; the broker uses {@code kafka/} and {@code logs/} under it
     * @param port           the client (PLAINTEXT) port on 127.0.0.1
     * @param controllerPort the KRaft controller port on 127.0.0.1
     */
    public KafkaBroker(Path libDir, Path dataDir, int port, int controllerPort) {
        this.libDir = libDir.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return dataDir.resolve("logs").resolve("kafka.log");
    }

    Path configDir() {
        return dataDir.resolve("kafka");
    }

    Path logDirs() {
        return configDir().resolve("data");
    }

    Path serverPropertiesFile() {
        return configDir().resolve("server.properties");
    }

    Path log4jFile() {
        return configDir().resolve("log4j2.properties");
    }

    /** The broker's configuration: one node that is both broker and controller, on 127.0.0.1 only. */
    String serverProperties() {
        // Kafka reads properties files as ISO-8859-1 with backslash escapes: escape the path
        String logDirs = logDirs().toString().replace("\\", "\\\\");
        return """
                # Written by org.issuedesk.localrun.KafkaBroker at every start; edit the code, not this file.
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%3$s

                # One node: every replication factor and minimum in-sync count is 1.
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1

                # Small internal topics start faster; 3 partitions like the services' own topics.
                num.partitions=3
                offsets.topic.num.partitions=10
                transaction.state.log.num.partitions=10
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, logDirs);
    }

    /** Broker output goes to stdout, which the parent sends to {@code logs/kafka.log}. */
    static String log4jProperties() {
        return """
                # Written by org.issuedesk.localrun.KafkaBroker at every start.
                appender.out.type=Console
                appender.out.name=OUT
                appender.out.layout.type=PatternLayout
                appender.out.layout.pattern=[%d] %p %m (%c)%n
                rootLogger.level=INFO
                rootLogger.appenderRef.out.ref=OUT
                # one line per partition and request at INFO: too much for a developer's log
                logger.statechange.name=state.change.logger
                logger.statechange.level=WARN
                logger.request.name=kafka.request.logger
                logger.request.level=WARN
                # the full configuration of every client and server (hundreds of lines); it is in server.properties
                logger.config.name=org.apache.kafka.common.config.AbstractConfig
                logger.config.level=WARN
                """;
    }

    /** True when the log directory holds KRaft metadata (written by the format step). */
    public boolean isFormatted() {
        return Files.isRegularFile(logDirs().resolve("meta.properties"));
    }

    /** Writes the configuration, formats the storage on first use and starts the broker. */
    public synchronized void start() throws IOException {
        if (process != null) {
            throw new IllegalStateException("already started");
        }
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException("no Kafka jars at " + libDir + " (build local-runner first)");
        }
        writeConfiguration();
        if (!isFormatted()) {
            format();
        }
        ChildProcesses.rotate(logFile());
        List<String> command = java();
        command.add("kafka.Kafka");
        command.add(serverPropertiesFile().toString());
        process = new ProcessBuilder(ChildProcesses.detached(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile().toFile()))
                .start();
    }

    /**
     * Blocks until the broker answers a describe-cluster that lists it, which happens once it has
     * caught up with the metadata log and is unfenced, so the services can create their topics.
     */
    public void awaitReady(Duration timeout) {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("not started");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "no answer";
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "local-runner",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250))) {
            while (true) {
                if (!p.isAlive()) {
                    throw failure("Kafka exited with code " + p.exitValue() + " before it was ready");
                }
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                    lastError = "no unfenced broker yet";
                } catch (ExecutionException | TimeoutException e) {
                    lastError = String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
                if (System.nanoTime() > deadline) {
                    throw failure("Kafka was not ready within " + timeout.toSeconds() + " s (" + lastError + ")");
                }
                p.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for Kafka");
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Completes when the broker process ends. */
    public synchronized CompletableFuture<Process> onExit() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.onExit();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGTERM (a controlled shutdown that flushes the logs), then SIGKILL after {@code grace}. */
    public synchronized void stop(Duration grace) {
        if (process != null) {
            ChildProcesses.stop(process, grace);
        }
    }

    public String logTail(int lines) {
        return ChildProcesses.tail(logFile(), lines);
    }

    void writeConfiguration() throws IOException {
        Files.createDirectories(logDirs());
        Files.writeString(serverPropertiesFile(), serverProperties(), StandardCharsets.ISO_8859_1);
        Files.writeString(log4jFile(), log4jProperties(), StandardCharsets.UTF_8);
    }

    /** {@code kafka-storage.sh format}: writes meta.properties and the bootstrap metadata. */
    private void format() throws IOException {
        List<String> command = java();
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", newClusterId(),
                "-c", serverPropertiesFile().toString()));
        Path output = configDir().resolve("format.log");
        Process format = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()))
                .start();
        try {
            if (!format.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                format.destroyForcibly();
                throw new StartupException("formatting Kafka's storage took more than "
                        + FORMAT_TIMEOUT.toSeconds() + " s:" + System.lineSeparator()
                        + ChildProcesses.tail(output, 30), output);
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while formatting Kafka's storage", output);
        }
        if (format.exitValue() != 0 || !isFormatted()) {
            throw new StartupException("formatting Kafka's storage failed (exit " + format.exitValue() + "):"
                    + System.lineSeparator() + ChildProcesses.tail(output, 30), output);
        }
    }

    private List<String> java() {
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.add(HEAP);
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + log4jFile().toUri());
        command.add("-cp");
        command.add(libDir.resolve("*").toString());
        return command;
    }

    /**
     * A cluster id as {@code kafka-storage.sh random-uuid} makes it: 16 random bytes, URL-safe
     * base64 without padding; never starting with '-', which the tool's command line would take
     * for an option.
     */
    static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private StartupException failure(String message) {
        return new StartupException(message + System.lineSeparator() + "--- last lines of " + logFile() + " ---"
                + System.lineSeparator() + logTail(60), logFile());
    }
}
