package org.issuedesk.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.issuedesk.contracts.Topics;
import org.issuedesk.testsupport.TestDatabase;

/**
 * Counts, for a set of accepted posts, how often each is on the team queues (read_committed) and in
 * routing's cases table: lost = accepted posts found nowhere, duplicated = extra copies.
 */
final class ExactlyOnce {

    /** The figures for one fault. */
    record Count(int accepted, int onQueues, int lostFromQueues, int duplicatedOnQueues, int inCases,
            int lostFromCases, int duplicatedInCases) {

        boolean complete() {
            return lostFromQueues == 0 && lostFromCases == 0;
        }

        @Override
        public String toString() {
            return "accepted %d; team queues: %d found, %d lost, %d duplicated; cases table: %d found, %d lost, %d duplicated"
                    .formatted(accepted, onQueues, lostFromQueues, duplicatedOnQueues, inCases, lostFromCases,
                            duplicatedInCases);
        }
    }

    private final String bootstrapServers;
    private final CommittedRecords records;
    private final TestDatabase.Schema database;

    ExactlyOnce(String bootstrapServers, TestDatabase.Schema database) {
        this.bootstrapServers = bootstrapServers;
        this.records = new CommittedRecords(bootstrapServers);
        this.database = database;
    }

    Count count(Collection<String> accepted) throws Exception {
        Set<String> wanted = new HashSet<>(accepted);
        Map<String, Integer> onQueues = new HashMap<>();
        for (String topic : teamQueues()) {
            records.all(topic).stream().map(r -> r.key()).filter(wanted::contains)
                    .forEach(key -> onQueues.merge(key, 1, Integer::sum));
        }
        Map<String, Integer> inCases = casesPerPost(wanted);
        return new Count(wanted.size(), onQueues.size(), lost(wanted, onQueues), duplicated(onQueues), inCases.size(),
                lost(wanted, inCases), duplicated(inCases));
    }

    private static int lost(Set<String> wanted, Map<String, Integer> found) {
        return (int) wanted.stream().filter(id -> !found.containsKey(id)).count();
    }

    private static int duplicated(Map<String, Integer> found) {
        return found.values().stream().mapToInt(n -> n - 1).sum();
    }

    private List<String> teamQueues() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(Topics.TEAM_QUEUE_PREFIX) && !t.endsWith(Topics.DEAD_LETTER_SUFFIX))
                    .sorted().toList();
        }
    }

    private Map<String, Integer> casesPerPost(Set<String> wanted) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.username(), database.password());
             PreparedStatement select = c.prepareStatement("select post_id from cases")) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String postId = rows.getString(1);
                    if (wanted.contains(postId)) {
                        counts.merge(postId, 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }
}
