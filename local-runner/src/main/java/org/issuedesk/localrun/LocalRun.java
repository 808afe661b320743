package org.issuedesk.localrun;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The local run mode ({@code ./run-local.sh}): a single-node Kafka broker from the Apache Kafka jars,
 * then the four services with the {@code local} profile, all as child processes of this JVM. Data
 * (Kafka's log directory, routing's H2 database) and logs live under {@code .local/} at the repo root,
 * so a restart keeps the queues. Ctrl-C stops the gateway, then the services, then the broker.
 *
 * <p>System properties: {@code issuedesk.root} (the repo root; default the working directory),
 * {@code issuedesk.kafka-lib} (the broker's jars; default {@code local-runner/target/kafka-lib}).
 */
public final class LocalRun {

    /** The key the gateway's {@code local} profile accepts (and no other profile does). */
    public static final String LOCAL_API_KEY = "local-dev-key";
    /**
     * The documented development key of the identity the gateway forwards (docs/gateway.md), shared by the four
     * processes; {@code ISSUEDESK_INTERNAL_KEY} in the environment replaces it. Local mode only.
     */
    public static final String LOCAL_INTERNAL_KEY = "local-dev-internal-key-not-a-secret-000";
    public static final int KAFKA_PORT = 9092;
    public static final int CONTROLLER_PORT = 9093;

    /** The services in start order; the gateway last, as it is the one a user talks to. */
    static final List<Service> SERVICES = List.of(
            new Service("ingest-service", 8081),
            new Service("classifier-service", 8082),
            new Service("routing-service", 8083),
            new Service("gateway", 8080));

    private static final Duration BROKER_READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration BROKER_GRACE = Duration.ofSeconds(30);
    /** Waits and stops run side by side (the common pool has a single thread on 2 cores). */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "local-run-worker");
        thread.setDaemon(true);
        return thread;
    });

    record Service(String module, int port) {
    }

    private final Path root;
    private final Path dataDir;
    private final Path logsDir;
    private final Path kafkaLib;
    private final PrintStream out;
    private final Instant startedAt;

    // what runs, guarded by this; once stopping, nothing new starts
    private KafkaBroker broker;
    private final List<ServiceProcess> running = new ArrayList<>();
    private boolean stopping;

    LocalRun(Path root, Path kafkaLib, PrintStream out, Instant startedAt) {
        this.root = root;
        this.dataDir = root.resolve(".local");
        this.logsDir = dataDir.resolve("logs");
        this.kafkaLib = kafkaLib;
        this.out = out;
        this.startedAt = startedAt;
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(System.getProperty("issuedesk.root", "")).toAbsolutePath().normalize();
        Path kafkaLib = Path.of(System.getProperty("issuedesk.kafka-lib",
                root.resolve("local-runner/target/kafka-lib").toString())).toAbsolutePath().normalize();
        // the JVM's own start, not the process's: run-local.sh execs into this JVM after building
        Instant startedAt = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        LocalRun run = new LocalRun(root, kafkaLib, System.out, startedAt);
        Runtime.getRuntime().addShutdownHook(new Thread(run::stopAll, "local-run-shutdown"));
        try {
            run.start();
        } catch (RuntimeException e) {
            if (run.isStopping()) {
                return; // Ctrl-C during the start: the shutdown hook is stopping what runs
            }
            System.err.println();
            System.err.println("Could not start Issue Desk: "
                    + (e instanceof StartupException ? e.getMessage() : e.toString()));
            run.stopAll();
            System.exit(1);
        }
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops everything
    }

    /** Starts the broker, then the services in parallel, and waits until all are ready. */
    void start() {
        Map<String, Path> jars = findJars();
        checkPortsFree();
        try {
            Files.createDirectories(logsDir);
        } catch (IOException e) {
            throw new StartupException("cannot create " + logsDir + ": " + e.getMessage(), null);
        }

        out.println("Starting Kafka (KRaft, single node) on 127.0.0.1:" + KAFKA_PORT + " ...");
        KafkaBroker kafka = new KafkaBroker(kafkaLib, dataDir, KAFKA_PORT, CONTROLLER_PORT);
        startBroker(kafka);
        kafka.awaitReady(BROKER_READY_TIMEOUT);
        out.println("  Kafka ready (pid " + kafka.pid() + ", " + elapsedSeconds() + " s)");
        kafka.onExit().thenAccept(p -> warnIfUnexpected("Kafka", p, kafka.logFile()));

        out.println("Starting " + String.join(", ", SERVICES.stream().map(Service::module).toList()) + " ...");
        List<ServiceProcess> services = new ArrayList<>();
        for (Service service : SERVICES) {
            services.add(startService(service, jars.get(service.module())));
        }
        List<CompletableFuture<Void>> readiness = services.stream()
                .map(s -> CompletableFuture.runAsync(() -> {
                    s.awaitReady(SERVICE_READY_TIMEOUT);
                    out.println("  " + s.name() + " ready on port " + s.port() + " (pid " + s.pid() + ", "
                            + elapsedSeconds() + " s)");
                }, WORKERS))
                .toList();
        awaitAll(readiness);
        services.forEach(s -> s.onExit().thenAccept(p -> warnIfUnexpected(s.name(), p, s.logFile())));
        printBanner();
    }

    /** Stops the gateway, then the other services, then the broker. Safe to call more than once. */
    void stopAll() {
        List<ServiceProcess> services;
        KafkaBroker kafka;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            services = List.copyOf(running);
            kafka = broker;
        }
        if (services.isEmpty() && kafka == null) {
            return;
        }
        out.println();
        out.println("Stopping Issue Desk ...");
        services.stream().filter(s -> s.name().equals("gateway")).forEach(this::stopService);
        services.stream().filter(s -> !s.name().equals("gateway"))
                .map(s -> CompletableFuture.runAsync(() -> stopService(s), WORKERS))
                .toList()
                .forEach(CompletableFuture::join);
        if (kafka != null) {
            kafka.stop(BROKER_GRACE);
            out.println("  Kafka stopped");
        }
        out.println("Stopped. Data and logs stay in " + dataDir + ".");
    }

    private void stopService(ServiceProcess service) {
        service.stop();
        out.println("  " + service.name() + " stopped");
    }

    private synchronized void startBroker(KafkaBroker kafka) {
        ensureNotStopping();
        try {
            kafka.start();
        } catch (IOException e) {
            throw new StartupException("cannot start Kafka: " + e.getMessage(), kafka.logFile());
        }
        broker = kafka;
    }

    private synchronized ServiceProcess startService(Service service, Path jar) {
        ensureNotStopping();
        try {
            ServiceProcess process = ServiceProcess.builder(service.module(), jar)
                    .port(service.port())
                    .arg("--spring.profiles.active=local")
                    .env("ISSUEDESK_DATA_DIR", dataDir.toString())
                    // the gateway signs the identity it forwards and the services check it with this one key
                    .env("ISSUEDESK_INTERNAL_KEY", internalKey())
                    .logFile(logsDir.resolve(service.module() + ".log"))
                    .workingDirectory(root)
                    .detached(true) // stopped in order by our shutdown hook, not by the terminal's Ctrl-C
                    .start();
            running.add(process);
            return process;
        } catch (IOException e) {
            throw new StartupException("cannot start " + service.module() + ": " + e.getMessage(), null);
        }
    }

    private static String internalKey() {
        String configured = System.getenv("ISSUEDESK_INTERNAL_KEY");
        return configured == null || configured.isBlank() ? LOCAL_INTERNAL_KEY : configured;
    }

    synchronized boolean isStopping() {
        return stopping;
    }

    private void ensureNotStopping() {
        if (stopping) {
            throw new StartupException("stopping", null);
        }
    }

    private void awaitAll(List<CompletableFuture<Void>> readiness) {
        // the first failure wins: no need to wait for the others to time out
        CompletableFuture<Object> firstFailure = new CompletableFuture<>();
        readiness.forEach(f -> f.exceptionally(e -> {
            firstFailure.completeExceptionally(e);
            return null;
        }));
        CompletableFuture.allOf(readiness.toArray(CompletableFuture[]::new))
                .thenAccept(v -> firstFailure.complete(null));
        try {
            firstFailure.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StartupException startup) {
                throw startup;
            }
            throw new StartupException(String.valueOf(e.getCause()), null);
        }
    }

    private void warnIfUnexpected(String name, Process process, Path log) {
        synchronized (this) {
            if (stopping) {
                return;
            }
        }
        System.err.println();
        System.err.println("!! " + name + " stopped unexpectedly (exit code " + process.exitValue() + "). Last lines of "
                + log + ":");
        System.err.println(ChildProcesses.tail(log, 30));
        System.err.println("!! Press Ctrl-C to stop the rest, then run ./run-local.sh again.");
    }

    private void printBanner() {
        String post = "{\"id\":\"1234\",\"platform\":\"mastodon\",\"author\":\"@someone\","
                + "\"text\":\"Still no news on my EI claim after 6 weeks\",\"createdAt\":\"2026-11-20T14:03:00Z\","
                + "\"lang\":\"en\"}";
        out.println();
        out.println("Issue Desk is ready in " + elapsedSeconds() + " s.");
        out.println();
        out.println("  URL       http://localhost:8080");
        out.println("  API key   " + LOCAL_API_KEY + "   (header X-API-Key; accepted only in local mode)");
        out.println("  Kafka     127.0.0.1:" + KAFKA_PORT + "   (e.g. kcat -b 127.0.0.1:" + KAFKA_PORT
                + " -C -t team-queue.benefits-horizontal -o beginning)");
        out.println("  Logs      " + logsDir + "/{kafka,ingest-service,classifier-service,routing-service,gateway}.log");
        out.println("  Data      " + dataDir + "   (kept across restarts; delete it to start afresh)");
        out.println();
        out.println("Try:");
        out.println("  curl -i -H 'X-API-Key: " + LOCAL_API_KEY + "' -H 'Content-Type: application/json' \\");
        out.println("       -d '" + post + "' \\");
        out.println("       http://localhost:8080/api/posts");
        out.println("  curl -H 'X-API-Key: " + LOCAL_API_KEY + "' http://localhost:8080/api/teams/benefits-horizontal/cases");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private long elapsedSeconds() {
        return Duration.between(startedAt, Instant.now()).toSeconds();
    }

    /** Each service's runnable jar, {@code <module>/target/<module>-<version>-exec.jar}. */
    private Map<String, Path> findJars() {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Service service : SERVICES) {
            Path target = root.resolve(service.module()).resolve("target");
            Path jar = null;
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    jar = files.filter(f -> f.getFileName().toString().startsWith(service.module() + "-")
                                    && f.getFileName().toString().endsWith("-exec.jar"))
                            .max(Comparator.comparing(LocalRun::lastModified))
                            .orElse(null);
                } catch (IOException e) {
                    throw new StartupException("cannot read " + target + ": " + e.getMessage(), null);
                }
            }
            if (jar == null) {
                missing.add(root.relativize(target) + "/" + service.module() + "-*-exec.jar");
            } else {
                jars.put(service.module(), jar);
            }
        }
        if (!Files.isDirectory(kafkaLib)) {
            missing.add(kafkaLib.toString());
        }
        if (!missing.isEmpty()) {
            throw new StartupException("not built yet: " + String.join(", ", missing)
                    + " (run ./run-local.sh --build, from the repo root " + root + ")", null);
        }
        return jars;
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private void checkPortsFree() {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(KAFKA_PORT, "Kafka");
        wanted.put(CONTROLLER_PORT, "Kafka's controller");
        SERVICES.forEach(s -> wanted.put(s.port(), s.module()));
        Map<Integer, String> taken = Ports.taken(wanted);
        if (!taken.isEmpty()) {
            StringBuilder message = new StringBuilder("ports already in use:");
            taken.forEach((port, owner) -> message.append(System.lineSeparator())
                    .append("  ").append(port).append(" (needed by ").append(owner).append(")"));
            message.append(System.lineSeparator()).append("Is Issue Desk (or another Kafka or web server) "
                    + "already running? Stop it, or find it with: ss -ltnp | grep -E ':(9092|9093|808[0-3])\\b'");
            throw new StartupException(message.toString(), null);
        }
    }
}
