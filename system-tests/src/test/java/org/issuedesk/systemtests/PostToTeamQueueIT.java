package org.issuedesk.systemtests;

import org.junit.jupiter.api.BeforeAll;

/**
 * The end-to-end scenario on the {@link SharedSystem}: spring-kafka-test's KRaft broker in this JVM and a fresh
 * schema on the test PostgreSQL (Testcontainers where Docker runs, else the machine's own). Its post ids
 * (mastodon:1234, dup-1, poison-..., after-fuzz-1, ...) are its own; the fuzzer sends the shared gateway's
 * {@link SharedSystem#FUZZER} key.
 */
@SharedSystemTest
class PostToTeamQueueIT extends PostToTeamQueueScenario {

    @BeforeAll
    void useTheSharedSystem(SharedSystem shared) {
        use(shared.processes(), shared.bootstrapServers(), shared.processes().apiKey(SharedSystem.FUZZER));
    }
}
