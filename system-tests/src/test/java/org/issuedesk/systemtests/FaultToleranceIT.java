package org.issuedesk.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.issuedesk.localrun.KafkaBroker;
import org.issuedesk.localrun.Ports;
import org.issuedesk.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The two promises under faults: while posts flow through the gateway at a steady rate (the client
 * retries until it gets a 202), a service is killed with SIGKILL and restarted, the broker restarts,
 * the database goes away for 20 s. After each, every accepted post is on its team's queue and in the
 * cases table exactly once.
 *
 * <p>The broker is a real one from the Apache Kafka jars in a child process (local-runner's
 * {@link KafkaBroker}), so it can be stopped and started on the same port with its data kept. The
 * database is a fresh schema of the test PostgreSQL reached through a {@link TcpProxy}, which the
 * outage test cuts (the shared server itself is never touched).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    private static final Path KAFKA_LIB = Path.of(System.getProperty("issuedesk.kafka-lib",
            "../local-runner/target/kafka-lib"));
    private static final Path DATA = Path.of(System.getProperty("issuedesk.logs-dir", "target/service-logs"))
            .resolveSibling("fault-tests");
    private static final int POSTS_PER_SECOND = 20;
    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(150);
    private static final Duration DATABASE_OUTAGE = Duration.ofSeconds(20);

    private int brokerPort;
    private int controllerPort;
    private volatile KafkaBroker broker;
    private TcpProxy databaseProxy;
    private IssueDeskProcesses system;
    private GatewayClient gateway;
    private ExactlyOnce exactlyOnce;

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            ServiceLogsOnFailure.print(system, context);
            if (broker != null) {
                System.err.println("--- broker ---" + System.lineSeparator() + broker.logTail(40));
            }
        }
    };

    /** The broker runs detached from this JVM's process group: stop it even if the test run is interrupted. */
    private final Thread brokerCleanup = new Thread(() -> {
        KafkaBroker running = broker;
        if (running != null) {
            running.stop(Duration.ofSeconds(10));
        }
    }, "fault-tests-broker-cleanup");

    @BeforeAll
    void startSystem() throws Exception {
        Runtime.getRuntime().addShutdownHook(brokerCleanup);
        deleteRecursively(DATA);
        brokerPort = Ports.freePort();
        controllerPort = Ports.freePort();
        broker = startBroker();

        TestDatabase.Schema schema = TestDatabase.freshSchema();
        URI direct = URI.create(schema.url().substring("jdbc:".length()));
        databaseProxy = new TcpProxy(direct.getHost(), direct.getPort());
        Map<String, String> datasource = new HashMap<>(schema.springProperties());
        datasource.put("spring.datasource.url", schema.url().replace(direct.getHost() + ":" + direct.getPort(),
                "127.0.0.1:" + databaseProxy.port()));
        system = IssueDeskProcesses.start(broker.bootstrapServers(), datasource, getClass().getSimpleName());
        gateway = new GatewayClient(system.gateway());
        exactlyOnce = new ExactlyOnce(broker.bootstrapServers(), schema);
    }

    @AfterAll
    void stopSystem() throws IOException {
        try {
            if (system != null) {
                system.close();
            }
        } finally {
            if (broker != null) {
                broker.stop(Duration.ofSeconds(30));
            }
            if (databaseProxy != null) {
                databaseProxy.close();
            }
            Runtime.getRuntime().removeShutdownHook(brokerCleanup);
        }
    }

    @Test
    @Order(1)
    void shouldLoseAndDuplicateNoPostWhenEachServiceIsKilledAndRestarted() throws Exception {
        // Given: posts flowing
        try (SteadyPosts posts = flow("kill-")) {
            for (String module : system.modules()) {
                awaitMoreAccepted(posts, POSTS_PER_SECOND * 2);

                // When: the service is killed with SIGKILL while posts flow, then started again
                system.kill(module);
                system.restart(module);
            }
            awaitMoreAccepted(posts, POSTS_PER_SECOND * 2);
            posts.close();

            // Then
            assertExactlyOnce("kill -9 of each service", posts);
        }
    }

    @Test
    @Order(2)
    void shouldLoseAndDuplicateNoPostWhenTheBrokerRestarts() throws Exception {
        try (SteadyPosts posts = flow("broker-")) {
            awaitMoreAccepted(posts, POSTS_PER_SECOND * 2);

            // When: the broker stops (controlled shutdown) and starts again on the same port with its data
            broker.stop(Duration.ofSeconds(30));
            broker = startBroker();

            awaitMoreAccepted(posts, POSTS_PER_SECOND * 3);
            posts.close();

            // Then
            assertExactlyOnce("broker restart", posts);
        }
    }

    @Test
    @Order(3)
    void shouldLoseAndDuplicateNoPostWhenTheDatabaseIsAwayFor20Seconds() throws Exception {
        try (SteadyPosts posts = flow("database-")) {
            awaitMoreAccepted(posts, POSTS_PER_SECOND * 2);

            // When: every connection to the database drops and none can be made for 20 s
            databaseProxy.cut();
            await().during(DATABASE_OUTAGE).atMost(DATABASE_OUTAGE.plusSeconds(10)).until(databaseProxy::isCut);
            databaseProxy.restore();

            awaitMoreAccepted(posts, POSTS_PER_SECOND * 3);
            posts.close();

            // Then
            assertExactlyOnce("database away for 20 s", posts);
        }
    }

    private SteadyPosts flow(String prefix) {
        return new SteadyPosts(() -> gateway, system.apiKey(), prefix, POSTS_PER_SECOND);
    }

    private static void awaitMoreAccepted(SteadyPosts posts, int more) {
        int target = posts.acceptedCount() + more;
        await().atMost(SETTLED_WITHIN).until(() -> posts.acceptedCount() >= target);
    }

    /** Waits until every accepted post is on a team queue and in the cases table, then checks the copies. */
    private void assertExactlyOnce(String fault, SteadyPosts posts) {
        var accepted = posts.accepted();
        assertThat(accepted).isNotEmpty();
        ExactlyOnce.Count count = await().atMost(SETTLED_WITHIN).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> exactlyOnce.count(accepted), ExactlyOnce.Count::complete);
        System.out.printf("FAULT %s: %s; %d attempts refused and retried, %d abandoned at the end%n", fault, count,
                posts.refusals(), posts.abandoned());
        assertThat(count.lostFromQueues()).as("lost from the team queues").isZero();
        assertThat(count.duplicatedOnQueues()).as("duplicated on the team queues").isZero();
        assertThat(count.lostFromCases()).as("lost from the cases table").isZero();
        assertThat(count.duplicatedInCases()).as("duplicated in the cases table").isZero();
    }

    private KafkaBroker startBroker() throws IOException {
        KafkaBroker started = new KafkaBroker(KAFKA_LIB, DATA.resolve("broker"), brokerPort, controllerPort);
        started.start();
        started.awaitReady(Duration.ofSeconds(90));
        return started;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
