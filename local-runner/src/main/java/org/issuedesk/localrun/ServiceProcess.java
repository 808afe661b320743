package org.issuedesk.localrun;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One Spring Boot service jar run as a child JVM ({@code java -jar <module>-exec.jar}): the one place
 * that knows how to start a service, wait until it is ready and stop it. Used by the local run mode
 * and by the system tests.
 *
 * <p>Ready means {@code GET /actuator/health/readiness} answers 200, i.e. the service is started
 * and its readiness group (Kafka, and the database for routing) is UP. Stopping sends SIGTERM, so
 * Spring's graceful shutdown runs (consumers leave their group, producers flush), and kills the
 * process only if it overstays the grace period.
 */
public final class ServiceProcess {

    /** Heap and GC for a small service next to three others and a broker on a 2-core machine. */
    public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx512m", "-XX:+UseSerialGC");
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** Attached services still running, stopped if this JVM exits first (e.g. an interrupted test run). */
    private static final Set<ServiceProcess> ATTACHED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ATTACHED.forEach(s -> s.process.destroy()); // all at once, then wait
            ATTACHED.forEach(s -> ChildProcesses.stop(s.process, Duration.ofSeconds(5)));
        }, "service-process-cleanup"));
    }
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final URI readinessUri;

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
        this.readinessUri = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
    }

    /** A service named {@code name} (for messages and its log) from the runnable jar {@code jar}. */
    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The last {@code lines} lines of the service's output. */
    public String logTail(int lines) {
        return ChildProcesses.tail(logFile, lines);
    }

    /**
     * Blocks until the readiness probe answers 200.
     *
     * @throws StartupException if the process ends first, or the timeout passes; the message holds
     *                          the end of the log
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer";
        while (true) {
            if (!process.isAlive()) {
                throw failure(name + " exited with code " + process.exitValue() + " before it was ready");
            }
            lastAnswer = probe();
            if (lastAnswer == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw failure(name + " was not ready within " + timeout.toSeconds() + " s (" + readinessUri
                        + ": " + lastAnswer + ")");
            }
            try {
                // wait for the poll interval, or less if the process ends meanwhile
                process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for " + name);
            }
        }
    }

    /** SIGTERM, then SIGKILL after {@link #DEFAULT_GRACE}. */
    public void stop() {
        stop(DEFAULT_GRACE);
    }

    /** SIGTERM, then SIGKILL if the service has not ended within {@code grace}. */
    public void stop(Duration grace) {
        ChildProcesses.stop(process, grace);
        ATTACHED.remove(this);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }

    /** null when ready, otherwise what the probe saw. */
    private String probe() {
        HttpRequest request = HttpRequest.newBuilder(readinessUri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null : "HTTP " + response.statusCode() + " " + response.body();
        } catch (ConnectException e) {
            return "not listening yet";
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private StartupException failure(String message) {
        return new StartupException(message + System.lineSeparator() + "--- last lines of " + logFile + " ---"
                + System.lineSeparator() + logTail(60), logFile);
    }

    /** How to run one service jar. */
    public static final class Builder {

        private final String name;
        private final Path jar;
        private int port = -1;
        private Path logFile;
        private final List<String> jvmArgs = new ArrayList<>(DEFAULT_JVM_ARGS);
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workingDirectory;
        private boolean detached;

        private Builder(String name, Path jar) {
            this.name = Objects.requireNonNull(name);
            this.jar = Objects.requireNonNull(jar);
        }

        /** The HTTP port; passed as {@code --server.port} and used for the readiness probe. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where stdout and stderr go (the file is replaced; the previous one is kept as .1). */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Replaces the JVM options ({@link #DEFAULT_JVM_ARGS} by default). */
        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs.clear();
            this.jvmArgs.addAll(jvmArgs);
            return this;
        }

        /** An application argument, e.g. {@code --spring.profiles.active=local}. */
        public Builder arg(String arg) {
            this.args.add(arg);
            return this;
        }

        public Builder args(List<String> args) {
            this.args.addAll(args);
            return this;
        }

        /** A Spring property, passed as {@code --name=value}. */
        public Builder property(String name, Object value) {
            return arg("--" + name + "=" + value);
        }

        public Builder env(String name, String value) {
            this.env.put(name, value);
            return this;
        }

        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /**
         * Detached: the service runs in its own session, so a Ctrl-C in the terminal does not reach it
         * and the caller stops it (the local run mode stops its children in order). Attached (the
         * default): it shares the terminal's Ctrl-C with its parent, and is stopped when the parent JVM
         * exits, so an interrupted test run leaves no service behind.
         */
        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        /** Starts the process (does not wait for readiness: see {@link ServiceProcess#awaitReady}). */
        public ServiceProcess start() throws IOException {
            if (port <= 0) {
                throw new IllegalStateException("no port for " + name);
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no jar for " + name + " at " + jar + " (build it first)");
            }
            Path log = logFile != null ? logFile : Path.of(name + ".log");
            ChildProcesses.rotate(log);
            List<String> command = new ArrayList<>();
            command.add(ChildProcesses.javaExecutable());
            command.addAll(jvmArgs);
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            command.add("--server.port=" + port);
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(detached ? ChildProcesses.detached(command) : command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            builder.environment().putAll(env);
            ServiceProcess service = new ServiceProcess(name, port, log, builder.start());
            if (!detached) {
                ATTACHED.add(service);
            }
            return service;
        }
    }
}
