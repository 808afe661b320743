package org.issuedesk.routing.emerging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.cases.EmergingLink;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;

/**
 * The emerging issues table, and the cases linked to an issue: those of its file (and kind, when it
 * names one) created from the start of its first window until it closed ({@link EmergingLink#LINKED}).
 * An issue's team, priority and due time are those of its emerging-issue case as it is now (a reroute or
 * an escalation changes them), or those it was created with when it has no case (stored before V6).
 * Portable SQL (PostgreSQL and H2 in PostgreSQL mode).
 */
@Repository
public class EmergingIssueRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    /** The issue {@code e} with its case {@code k} (when it has one). */
    private static final String FROM = " FROM emerging_issues e LEFT JOIN cases k ON k.id = e.case_id";
    private static final String TEAM = "COALESCE(k.team_id, e.team_id)";
    private static final String COLUMNS = """
            e.alert_id, e.case_id, k.status AS case_status, e.policy_file, e.issue_kind,
            COALESCE(k.team_id, e.team_id) AS team_id, e.state, COALESCE(k.priority, e.priority) AS priority,
            COALESCE(k.due_by, e.due_by) AS due_by, e.reason, e.window_start, e.window_end, e.post_count,
            e.peak_count, e.baseline, e.score, e.top_terms, e.sample_post_ids, e.opened_at, e.raised_at,
            e.closed_at, e.messages, e.created_at, e.updated_at,\s""" + EmergingLink.COUNT_LINKED + " AS linked_cases";

    private final JdbcClient jdbc;

    public EmergingIssueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What is stored of an issue to decide whether a message changes it. */
    record Current(AlertState state, Instant raisedAt, long peakCount, String caseId) {
    }

    Optional<Current> lock(String alertId) {
        return jdbc.sql("""
                SELECT state, raised_at, peak_count, case_id FROM emerging_issues WHERE alert_id = :id FOR UPDATE""")
                .param("id", alertId)
                .query((rs, n) -> new Current(state(rs.getString("state")), instant(rs, "raised_at"),
                        rs.getLong("peak_count"), rs.getString("case_id")))
                .optional();
    }

    /** Inserts the issue of a first message, with its case (null: none); false when it exists already. */
    boolean insert(IssueAlert alert, String caseId, String teamId, Priority priority, Instant dueBy, String reason,
            Instant now) {
        return jdbc.sql("""
                INSERT INTO emerging_issues (alert_id, case_id, policy_file, issue_kind, team_id, state, priority,
                    due_by, reason, linked_from, window_start, window_end, opened_at, raised_at, closed_at,
                    post_count, peak_count, baseline, score, top_terms, sample_post_ids, messages, created_at,
                    updated_at)
                VALUES (:id, :caseId, :file, :kind, :team, :state, :priority, :dueBy, :reason, :windowStart,
                    :windowStart, :windowEnd, :openedAt, :raisedAt, :closedAt, :count, :count, :baseline, :score,
                    :terms, :sample, 1, :now, :now)
                ON CONFLICT DO NOTHING""")
                .param("id", alert.alertId())
                .param("caseId", caseId)
                .param("file", alert.policyFile())
                .param("kind", alert.issueKind() == null ? null : alert.issueKind().id())
                .param("team", teamId)
                .param("state", alert.state().id())
                .param("priority", priority.id())
                .param("dueBy", timestamp(dueBy))
                .param("reason", reason)
                .param("windowStart", timestamp(alert.windowStart()))
                .param("windowEnd", timestamp(alert.windowEnd()))
                .param("openedAt", timestamp(alert.openedAt()))
                .param("raisedAt", timestamp(alert.raisedAt()))
                .param("closedAt", alert.state() == AlertState.CLOSED ? timestamp(alert.raisedAt()) : null)
                .param("count", alert.count())
                .param("baseline", alert.baseline())
                .param("score", alert.score())
                .param("terms", EventJson.mapper().writeValueAsString(alert.topTerms()))
                .param("sample", EventJson.mapper().writeValueAsString(alert.samplePostIds()))
                .param("now", timestamp(now))
                .update() == 1;
    }

    /** Applies a later message of an issue: its latest window, and its close. */
    void update(IssueAlert alert, long peakCount, Instant now) {
        jdbc.sql("""
                UPDATE emerging_issues SET state = :state, window_start = :windowStart, window_end = :windowEnd,
                    raised_at = :raisedAt, closed_at = :closedAt, post_count = :count, peak_count = :peak,
                    baseline = :baseline, score = :score, top_terms = :terms, sample_post_ids = :sample,
                    messages = messages + 1, updated_at = :now
                WHERE alert_id = :id""")
                .param("id", alert.alertId())
                .param("state", alert.state().id())
                .param("windowStart", timestamp(alert.windowStart()))
                .param("windowEnd", timestamp(alert.windowEnd()))
                .param("raisedAt", timestamp(alert.raisedAt()))
                .param("closedAt", alert.state() == AlertState.CLOSED ? timestamp(alert.raisedAt()) : null)
                .param("count", alert.count())
                .param("peak", peakCount)
                .param("baseline", alert.baseline())
                .param("score", alert.score())
                .param("terms", EventJson.mapper().writeValueAsString(alert.topTerms()))
                .param("sample", EventJson.mapper().writeValueAsString(alert.samplePostIds()))
                .param("now", timestamp(now))
                .update();
    }

    Optional<EmergingIssue> find(String alertId) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE e.alert_id = :id")
                .param("id", alertId).query(EmergingIssueRepository::issue).optional();
    }

    /** The issue whose emerging-issue case this is. */
    Optional<EmergingIssue> findByCase(String caseId) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE e.case_id = :id")
                .param("id", caseId).query(EmergingIssueRepository::issue).optional();
    }

    /** Newest first, among the issues of the given teams. */
    Page<EmergingIssue> page(Collection<String> teams, String policyFile, List<AlertState> states, int page, int size) {
        if (teams.isEmpty() || states.isEmpty()) {
            return new Page<>(List.of(), page, size, 0);
        }
        List<String> stateIds = states.stream().map(AlertState::id).toList();
        String where = " WHERE " + TEAM + " IN (:teams) AND e.state IN (:states)"
                + (policyFile == null ? "" : " AND e.policy_file = :file");
        var items = jdbc.sql("SELECT " + COLUMNS + FROM + where
                        + " ORDER BY e.created_at DESC, e.alert_id LIMIT :limit OFFSET :offset")
                .param("teams", teams).param("states", stateIds).param("limit", size)
                .param("offset", (long) page * size);
        var count = jdbc.sql("SELECT COUNT(*)" + FROM + where)
                .param("teams", teams).param("states", stateIds);
        if (policyFile != null) {
            items = items.param("file", policyFile);
            count = count.param("file", policyFile);
        }
        return new Page<>(items.query(EmergingIssueRepository::issue).list(), page, size,
                count.query(Long.class).single());
    }

    /** The cases linked to an issue, oldest post first, among those of the given teams. */
    Page<LinkedCase> linkedCases(String alertId, Collection<String> teams, int page, int size) {
        if (teams.isEmpty()) {
            return new Page<>(List.of(), page, size, 0);
        }
        String from = " FROM emerging_issues e JOIN cases c ON " + EmergingLink.LINKED
                + " WHERE e.alert_id = :id AND c.team_id IN (:teams)";
        List<LinkedCase> items = jdbc.sql("""
                SELECT c.id, c.post_id, c.team_id, c.issue_kind, c.status, c.priority, c.author, c.text, c.created_at
                """ + from + " ORDER BY c.created_at, c.id LIMIT :limit OFFSET :offset")
                .param("id", alertId).param("teams", teams).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> new LinkedCase(rs.getString("id"), rs.getString("post_id"), rs.getString("team_id"),
                        IssueKind.fromId(rs.getString("issue_kind")).orElse(IssueKind.OTHER), rs.getString("status"),
                        priority(rs.getString("priority")), rs.getString("author"), rs.getString("text"),
                        instant(rs, "created_at")))
                .list();
        long total = jdbc.sql("SELECT COUNT(*)" + from).param("id", alertId).param("teams", teams)
                .query(Long.class).single();
        return new Page<>(items, page, size, total);
    }

    private static EmergingIssue issue(ResultSet rs, int row) throws SQLException {
        String kind = rs.getString("issue_kind");
        return new EmergingIssue(rs.getString("alert_id"), rs.getString("case_id"), rs.getString("case_status"),
                rs.getString("policy_file"),
                kind == null ? null : IssueKind.fromId(kind).orElse(null), rs.getString("team_id"),
                state(rs.getString("state")), priority(rs.getString("priority")), instant(rs, "due_by"),
                rs.getString("reason"), instant(rs, "window_start"), instant(rs, "window_end"),
                rs.getLong("post_count"), rs.getLong("peak_count"), rs.getDouble("baseline"), rs.getDouble("score"),
                strings(rs.getString("top_terms")), strings(rs.getString("sample_post_ids")),
                instant(rs, "opened_at"), instant(rs, "raised_at"), instant(rs, "closed_at"), rs.getInt("messages"),
                rs.getLong("linked_cases"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static List<String> strings(String json) {
        return json == null ? List.of() : new ArrayList<>(EventJson.mapper().readValue(json, STRINGS));
    }

    static AlertState state(String id) {
        for (AlertState state : AlertState.values()) {
            if (state.id().equals(id)) {
                return state;
            }
        }
        throw new IllegalStateException("unknown alert state in the database: " + id);
    }

    private static Priority priority(String id) {
        return Priority.valueOf(id.toUpperCase());
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
