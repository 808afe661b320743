package org.issuedesk.systemtests;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.issuedesk.localrun.Ports;
import org.issuedesk.localrun.ServiceProcess;
import org.issuedesk.testsupport.TestIdentity;

/**
 * The four services as they ship: their runnable jars (copied to target/services by the build), each
 * in its own JVM on a free port, pointed at the given broker and database. The gateway accepts one
 * random admin API key, and any further {@link ApiKey}s given, each configured as its SHA-256 like any real key.
 */
final class IssueDeskProcesses implements AutoCloseable {

    private static final Path SERVICES_DIR = Path.of(System.getProperty("issuedesk.services-dir", "target/services"));
    private static final Path LOGS_DIR = Path.of(System.getProperty("issuedesk.logs-dir", "target/service-logs"));
    /**
     * Generous: JVMs start several times slower when others build (the shared system took 182 s at load 30);
     * -Dissuedesk.ready-timeout=PT7M on a crowded machine.
     */
    private static final Duration READY_TIMEOUT = Duration.parse(System.getProperty("issuedesk.ready-timeout", "PT300S"));
    /** Short-lived JVMs: C1 only starts faster, the serial collector needs no extra threads on 2 cores. */
    private static final List<String> JVM_ARGS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final List<ServiceProcess> services = new ArrayList<>();
    /** How each service was started (module name → builder), to start it again the same way. */
    private final Map<String, ServiceProcess.Builder> builders = new LinkedHashMap<>();
    private final String apiKey;
    /** The further keys, by their holder's name. */
    private final Map<String, String> apiKeys = new LinkedHashMap<>();
    private ServiceProcess gateway;

    private IssueDeskProcesses(String apiKey) {
        this.apiKey = apiKey;
    }

    /**
     * Starts ingest, classifier, routing and the gateway side by side and waits until all are ready.
     *
     * @param bootstrapServers the broker, as the services' {@code spring.kafka.bootstrap-servers}
     * @param datasource       routing's {@code spring.datasource.*} properties
     * @param logFolder        the folder under target/service-logs for this run's logs
     */
    static IssueDeskProcesses start(String bootstrapServers, Map<String, String> datasource, String logFolder) {
        return start(bootstrapServers, datasource, logFolder, List.of(), Map.of(), Map.of());
    }

    /**
     * A further key the gateway accepts, configured like a real one (its SHA-256): who holds it, their roles and
     * their teams (comma-separated; none for a role without teams).
     */
    record ApiKey(String name, String roles, String teams, String key) {

        /** A key with a random secret. */
        static ApiKey random(String name, String roles, String teams) {
            return new ApiKey(name, roles, teams, randomKey());
        }

        Map<String, String> gatewayProperties(int index) {
            String prefix = "issuedesk.gateway.api-keys[" + index + "].";
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put(prefix + "name", name);
            properties.put(prefix + "sha256", sha256Hex(key));
            properties.put(prefix + "roles", roles);
            if (teams != null) {
                properties.put(prefix + "teams", teams);
            }
            return properties;
        }
    }

    /**
     * As {@link #start(String, Map, String)}, with further API keys the gateway accepts (besides the admin key of
     * {@link #apiKey()}) and more settings for the gateway and for the classifier.
     */
    static IssueDeskProcesses start(String bootstrapServers, Map<String, String> datasource, String logFolder,
            List<ApiKey> apiKeys, Map<String, String> gatewayProperties, Map<String, String> classifierProperties) {
        IssueDeskProcesses system = new IssueDeskProcesses(randomKey());
        Map<String, String> gateway = new LinkedHashMap<>(gatewayProperties);
        for (int i = 0; i < apiKeys.size(); i++) {
            // index 0 is the admin key
            gateway.putAll(apiKeys.get(i).gatewayProperties(i + 1));
            system.apiKeys.put(apiKeys.get(i).name(), apiKeys.get(i).key());
        }
        try {
            system.startAll(bootstrapServers, datasource, LOGS_DIR.resolve(logFolder), gateway, classifierProperties);
            return system;
        } catch (RuntimeException | IOException e) {
            system.close();
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** The gateway's base URI. */
    URI gateway() {
        return gateway.baseUri();
    }

    /** The admin key the gateway accepts (header X-API-Key). */
    String apiKey() {
        return apiKey;
    }

    /** The further key of this name given at the start. */
    String apiKey(String name) {
        String key = apiKeys.get(name);
        if (key == null) {
            throw new IllegalArgumentException("no API key named " + name + " (" + apiKeys.keySet() + ")");
        }
        return key;
    }

    /** The end of every service's log, to read next to a failed assertion. */
    String logTails(int lines) {
        StringBuilder tails = new StringBuilder();
        for (ServiceProcess service : services) {
            tails.append(System.lineSeparator()).append("--- last lines of ").append(service.logFile()).append(" ---")
                    .append(System.lineSeparator()).append(service.logTail(lines)).append(System.lineSeparator());
        }
        return tails.toString();
    }

    /** Stops the gateway, then the other services (SIGTERM, side by side). */
    @Override
    public void close() {
        if (gateway != null) {
            gateway.stop();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, services.size()));
        try {
            services.stream().filter(s -> s != gateway)
                    .map(s -> CompletableFuture.runAsync(s::stop, pool))
                    .toList()
                    .forEach(CompletableFuture::join);
        } finally {
            pool.shutdown();
        }
    }

    private void startAll(String bootstrapServers, Map<String, String> datasource, Path logs,
            Map<String, String> gatewayProperties, Map<String, String> classifierProperties) throws IOException {
        int ingestPort = Ports.freePort();
        int classifierPort = Ports.freePort();
        int routingPort = Ports.freePort();
        int gatewayPort = Ports.freePort();

        ServiceProcess ingest = service("ingest-service", ingestPort, logs)
                .property("spring.kafka.bootstrap-servers", bootstrapServers)
                .start();
        services.add(ingest);
        ServiceProcess.Builder classifierBuilder = service("classifier-service", classifierPort, logs)
                .property("spring.kafka.bootstrap-servers", bootstrapServers);
        classifierProperties.forEach(classifierBuilder::property);
        ServiceProcess classifier = classifierBuilder.start();
        services.add(classifier);
        ServiceProcess.Builder routingBuilder = service("routing-service", routingPort, logs)
                .property("spring.kafka.bootstrap-servers", bootstrapServers);
        datasource.forEach(routingBuilder::property);
        services.add(routingBuilder.start());
        ServiceProcess.Builder gatewayBuilder = service("gateway", gatewayPort, logs)
                .property("issuedesk.gateway.services.ingest", "http://127.0.0.1:" + ingestPort)
                .property("issuedesk.gateway.services.classifier", "http://127.0.0.1:" + classifierPort)
                .property("issuedesk.gateway.services.routing", "http://127.0.0.1:" + routingPort)
                .property("issuedesk.gateway.api-keys[0].name", "system-tests")
                .property("issuedesk.gateway.api-keys[0].sha256", sha256Hex(apiKey))
                .property("issuedesk.gateway.api-keys[0].roles", "admin");
        gatewayProperties.forEach(gatewayBuilder::property);
        gateway = gatewayBuilder.start();
        services.add(gateway);

        awaitAllReady();
    }

    private ServiceProcess.Builder service(String module, int port, Path logs) {
        ServiceProcess.Builder builder = ServiceProcess.builder(module, SERVICES_DIR.resolve(module + ".jar"))
                .port(port)
                .jvmArgs(JVM_ARGS)
                // the gateway signs the identity it forwards with it, the services check it (tests' key)
                .env("ISSUEDESK_INTERNAL_KEY", TestIdentity.KEY)
                .logFile(logs.resolve(module + ".log"));
        builders.put(module, builder);
        return builder;
    }

    /** The modules, in start order. */
    List<String> modules() {
        return List.copyOf(builders.keySet());
    }

    /** The running process of a module. */
    ServiceProcess service(String module) {
        return services.stream().filter(s -> s.name().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + module));
    }

    /** {@code kill -9}: the service dies at once, as in a crash (no shutdown hook, nothing flushed). */
    void kill(String module) {
        ServiceProcess victim = service(module);
        ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
        victim.onExit().join();
        victim.stop(Duration.ZERO); // forget it (it is already gone)
    }

    /** Starts a killed or stopped service again with the same port and arguments, and waits until it is ready. */
    void restart(String module) throws IOException {
        ServiceProcess old = service(module);
        if (old.isAlive()) {
            throw new IllegalStateException(module + " is still running");
        }
        ServiceProcess fresh = builders.get(module).start();
        services.set(services.indexOf(old), fresh);
        if (old == gateway) {
            gateway = fresh;
        }
        fresh.awaitReady(READY_TIMEOUT);
    }

    /** Waits for all side by side; the first service that fails ends the wait. */
    private void awaitAllReady() {
        ExecutorService pool = Executors.newFixedThreadPool(services.size());
        try {
            CompletableFuture<Void> firstFailureOrAll = new CompletableFuture<>();
            List<CompletableFuture<Void>> readiness = services.stream()
                    .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(READY_TIMEOUT), pool))
                    .toList();
            readiness.forEach(f -> f.exceptionally(e -> {
                firstFailureOrAll.completeExceptionally(e);
                return null;
            }));
            CompletableFuture.allOf(readiness.toArray(CompletableFuture[]::new))
                    .thenRun(() -> firstFailureOrAll.complete(null));
            firstFailureOrAll.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
