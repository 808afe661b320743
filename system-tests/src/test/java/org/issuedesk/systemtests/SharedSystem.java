package org.issuedesk.systemtests;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.issuedesk.systemtests.IssueDeskProcesses.ApiKey;
import org.issuedesk.testsupport.TestDatabase;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The one running system the system tests that leave it intact share ({@link SharedSystemTest}): spring-kafka-test's
 * KRaft broker in this JVM, a fresh schema of the test PostgreSQL, a {@link TestIssuer} for bearer tokens, and the
 * four services as they ship (but for the surge detector's idle-after, below), started once per test run (about a
 * minute on 2 cores) instead of once per class.
 * Tests keep out of each other's way with their own data: post ids with their own prefix, their own API keys
 * (below, one set-up for all) and their own cases. The gateway runs with its shipped settings (rate limiting on:
 * each key has its own bucket, so one class's burst never slows another's key).
 */
final class SharedSystem implements AutoCloseable {

    /** Keys of the shared gateway, besides the admin key ({@link IssueDeskProcesses#apiKey()}). */
    static final String FUZZER = "fuzzer";
    static final String INGEST = "ingest";
    static final String ANALYST = "analyst";
    /** A member of the tax team. */
    static final String TAX_MEMBER = "member-other-team";
    /** A member of the benefits team and one of the travel-documents team (handles of the shipped teams). */
    static final String BENEFITS_MEMBER = "martine.l";
    static final String TRAVEL_MEMBER = "priya.n";
    /** A member of the climate team (fisheries-oceans: {@link EmergingIssueIT}'s file). */
    static final String CLIMATE_MEMBER = "mia.c";

    private static final List<ApiKey> API_KEYS = List.of(
            ApiKey.random(FUZZER, "admin", null),
            ApiKey.random(INGEST, "ingest", null),
            ApiKey.random(ANALYST, "analyst", null),
            ApiKey.random(TAX_MEMBER, "member", "tax-horizontal"),
            ApiKey.random(BENEFITS_MEMBER, "member", "benefits-horizontal"),
            ApiKey.random(TRAVEL_MEMBER, "member", "travel-documents-horizontal"),
            ApiKey.random(CLIMATE_MEMBER, "member", "climate-horizontal"));

    /**
     * The one setting that differs from the shipped ones: the surge detector's idle clock check moves a quiet file's
     * event time to the service clock minus idle-after (10 minutes as shipped). A test that sends a file's history of
     * the last two hours through the real pipeline (the detector's warm-up is an hour) would have the part not yet
     * read evaluated as silence and then dropped as too late whenever that check ran mid-way; 3 hours keeps the check
     * behind any history a test sends, so what the detector learns does not depend on timing. No test here relies on
     * a quiet file's alert closing within the run.
     */
    private static final Map<String, String> CLASSIFIER = Map.of("issuedesk.classifier.surge.idle-after", "PT3H");

    private final EmbeddedKafkaKraftBroker broker;
    private final TestIssuer issuer;
    private final IssueDeskProcesses processes;

    private SharedSystem(EmbeddedKafkaKraftBroker broker, TestIssuer issuer, IssueDeskProcesses processes) {
        this.broker = broker;
        this.issuer = issuer;
        this.processes = processes;
    }

    /** Starts the broker, the issuer and the four services (on a fresh schema) and waits until all are ready. */
    static SharedSystem start() {
        long started = System.nanoTime();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        TestIssuer issuer = null;
        try {
            // one node: routing's transactions need a transaction log that one replica satisfies
            broker.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.num.partitions", "10",
                    "transaction.state.log.num.partitions", "10"));
            broker.afterPropertiesSet();
            issuer = TestIssuer.start();
            IssueDeskProcesses processes = IssueDeskProcesses.start(broker.getBrokersAsString(),
                    TestDatabase.freshSchema().springProperties(), "shared-system", API_KEYS,
                    Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri()), CLASSIFIER);
            System.out.printf("SharedSystem: broker, database, issuer and four services ready in %d s%n",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            return new SharedSystem(broker, issuer, processes);
        } catch (Exception | Error e) {
            if (issuer != null) {
                issuer.close();
            }
            broker.destroy();
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** The four services (gateway URI, admin key, the keys above by name, each service's URI, their logs). */
    IssueDeskProcesses processes() {
        return processes;
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** The issuer whose bearer tokens the gateway accepts. */
    TestIssuer issuer() {
        return issuer;
    }

    /** Called by JUnit once the whole run is over (the root context's store closes what it holds). */
    @Override
    public void close() {
        try {
            processes.close();
        } finally {
            try {
                issuer.close();
            } finally {
                broker.destroy();
            }
        }
    }
}
