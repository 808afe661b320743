package org.issuedesk.routing.emerging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.TestRouting;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The emerging-issue SQL on H2 in PostgreSQL mode, the database of the local run mode (the same SQL runs
 * on PostgreSQL in {@link EmergingIssuesTest}): the migrations, insert once, update, linked cases.
 */
class EmergingIssueRepositoryTest {

    static final Instant T = Instant.parse("2026-11-26T03:00:00Z");

    private final DataSource dataSource = TestRouting.h2();
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final EmergingIssueRepository issues = new EmergingIssueRepository(jdbc);

    @Test
    void shouldStoreAnIssueOnceUpdateItAndLinkTheCasesOfItsWindow() {
        // Given: cases of passports complaints inside and outside the surge, and of another kind
        String inside = insertCase("passports", "complaint", T.plusSeconds(30));
        String later = insertCase("passports", "complaint", T.plus(Duration.ofMinutes(15)));
        insertCase("passports", "complaint", T.minusSeconds(30));
        insertCase("passports", "praise", T.plusSeconds(30));
        // an emerging-issue case of the same file and time is the surge's own case, not one of its posts
        insertCase("alert:passports@earlier", "passports", "complaint", T.plusSeconds(40));
        insertCase("passports", "complaint", T.plus(Duration.ofMinutes(40)));
        String id = "passports.complaint@" + T.plus(Duration.ofMinutes(10));

        // When: it opens (twice), then closes
        IssueAlert open = alert(id, AlertState.OPEN, 10, 30);
        boolean first = issues.insert(open, null, "travel-documents-horizontal", Priority.HIGH, T.plus(Duration.ofHours(2)),
                "surge", T.plus(Duration.ofMinutes(11)));
        boolean second = issues.insert(open, null, "travel-documents-horizontal", Priority.HIGH, T.plus(Duration.ofHours(2)),
                "surge", T.plus(Duration.ofMinutes(12)));
        issues.update(alert(id, AlertState.CLOSED, 25, 3), 30, T.plus(Duration.ofMinutes(26)));

        // Then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        EmergingIssue issue = issues.find(id).orElseThrow();
        assertThat(issue.state()).isEqualTo(AlertState.CLOSED);
        assertThat(issue.closedAt()).isEqualTo(T.plus(Duration.ofMinutes(25)));
        assertThat(issue.messages()).isEqualTo(2);
        assertThat(issue.peakCount()).isEqualTo(30);
        assertThat(issue.topTerms()).containsExactly("#passport", "gatineau");
        assertThat(issue.linkedCases()).isEqualTo(2);
        assertThat(issues.linkedCases(id, List.of("travel-documents-horizontal"), 0, 10).items())
                .extracting(LinkedCase::id).containsExactly(inside, later);
        assertThat(issues.linkedCases(id, List.of("triage"), 0, 10).total()).isZero();
        assertThat(issues.page(List.of("travel-documents-horizontal"), "passports", List.of(AlertState.CLOSED), 0, 10)
                .items()).extracting(EmergingIssue::alertId).containsExactly(id);
        assertThat(issues.page(List.of("travel-documents-horizontal"), null, List.of(AlertState.OPEN), 0, 10).total())
                .isZero();
        assertThat(issues.page(List.of("benefits-horizontal"), null, List.of(AlertState.values()), 0, 10).total())
                .isZero();
    }

    private static IssueAlert alert(String id, AlertState state, int windowEndMinutes, long count) {
        Instant end = T.plus(Duration.ofMinutes(windowEndMinutes));
        return new IssueAlert(IssueAlert.SCHEMA_VERSION, id, "passports", IssueKind.COMPLAINT, state,
                end.minus(Duration.ofMinutes(10)), end, count, 5, 9.5, List.of("#passport", "gatineau"), List.of("m:1"),
                T.plus(Duration.ofMinutes(10)), end);
    }

    private String insertCase(String file, String kind, Instant createdAt) {
        return insertCase(null, file, kind, createdAt);
    }

    private String insertCase(String postId, String file, String kind, Instant createdAt) {
        String id = UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO cases (id, post_id, team_id, policy_file, issue_kind, language, status, priority, due_by,
                    reason, platform, text, created_at, routed_at, source_partition, source_offset, classified_post)
                VALUES (:id, :post, 'travel-documents-horizontal', :file, :kind, 'en', 'open', 'normal', :at, 'test',
                    'mastodon', 'text', :at, :at, 0, 0, '{}')""")
                .param("id", id).param("post", postId == null ? "mastodon:" + id : postId).param("file", file).param("kind", kind)
                .param("at", createdAt.atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }
}
