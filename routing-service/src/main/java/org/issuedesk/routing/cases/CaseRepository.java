package org.issuedesk.routing.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.contracts.routing.RoutedCase;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;

/**
 * The cases and their history, in PostgreSQL (H2 in PostgreSQL mode when run locally): portable SQL
 * only, through {@link JdbcClient}. See {@code db/migration} for the tables.
 */
@Repository
public class CaseRepository {

    /** What {@link #recordIfAbsent} did with a routed post. */
    public enum Outcome {
        /** A new case: publish it. */
        CREATED,
        /** The record that created the case came again: its Kafka transaction did not commit, publish again. */
        REDELIVERED,
        /** Another record of a post that already has a case: publish nothing. */
        DUPLICATE
    }

    /** The outcome, with the case and its routed event as stored (the candidate's, or the earlier ones). */
    public record Recorded(Outcome outcome, RoutedCase routedCase, CaseEvent routed) {
    }

    /** Where in {@code posts.classified} a case came from. */
    public record Source(int partition, long offset) {
    }

    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };

    private static final String SUMMARY_COLUMNS = """
            id, post_id, team_id, policy_file, issue_kind, language, status, priority, due_by, reason,
            author, platform, text, url, created_at, routed_at, assignee, first_response_at, resolved_at,
            escalated_at""";

    // the rank of each priority, from the enum so that SQL and Java cannot disagree
    private static final String PRIORITY_RANK = Arrays.stream(Priority.values())
            .map(p -> "WHEN '" + p.id() + "' THEN " + p.ordinal())
            .collect(Collectors.joining(" ", "CASE priority ", " END"));

    private static final String INSERT_CASE = """
            INSERT INTO cases (id, post_id, team_id, policy_file, issue_kind, language, status, priority,
                due_by, reason, author, platform, text, url, created_at, routed_at,
                source_partition, source_offset, classified_post)
            VALUES (:id, :postId, :teamId, :policyFile, :issueKind, :language, :status, :priority,
                :dueBy, :reason, :author, :platform, :text, :url, :createdAt, :routedAt,
                :sourcePartition, :sourceOffset, :classifiedPost)
            ON CONFLICT DO NOTHING""";

    private static final String INSERT_EVENT = """
            INSERT INTO case_events (id, case_id, type, team_id, actor, details, occurred_at)
            VALUES (:id, :caseId, :type, :teamId, :actor, :details, :occurredAt)""";

    private final JdbcClient jdbc;
    // JDBC batches (one round trip for a poll's cases): JdbcClient has no batch API
    private final NamedParameterJdbcTemplate batch;

    public CaseRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * {@link #recordIfAbsent} for a poll's cases, in order, with one JDBC batch of case inserts and one of
     * routed events instead of two statements per post; a later record of a post that an earlier one in
     * the same list created is a duplicate, as when recorded one by one.
     */
    @Transactional("transactionManager")
    public List<Recorded> recordAllIfAbsent(List<CaseIntake.Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        SqlParameterSource[] rows = candidates.stream()
                .map(c -> caseParams(c.routedCase(), c.source())).toArray(SqlParameterSource[]::new);
        int[] inserted = batch.batchUpdate(INSERT_CASE, rows);
        boolean[] created = new boolean[candidates.size()];
        List<SqlParameterSource> events = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            CaseIntake.Candidate c = candidates.get(i);
            // a driver that rewrites batches reports no count per row: the fresh case id tells
            created[i] = inserted[i] == Statement.SUCCESS_NO_INFO ? exists(c.routedCase().caseId()) : inserted[i] == 1;
            if (created[i]) {
                events.add(eventParams(c.routed()));
            }
        }
        if (!events.isEmpty()) {
            batch.batchUpdate(INSERT_EVENT, events.toArray(SqlParameterSource[]::new));
        }
        List<Recorded> recorded = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            CaseIntake.Candidate c = candidates.get(i);
            recorded.add(created[i] ? new Recorded(Outcome.CREATED, c.routedCase(), c.routed())
                    : existing(c.routedCase().post().post().id(), c.source()));
        }
        return recorded;
    }

    private boolean exists(String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM cases WHERE id = :id").param("id", caseId).query(Long.class).single() > 0;
    }

    private static MapSqlParameterSource caseParams(RoutedCase candidate, Source source) {
        ClassifiedPost classified = candidate.post();
        var post = classified.post();
        return new MapSqlParameterSource()
                .addValue("id", candidate.caseId())
                .addValue("postId", post.id())
                .addValue("teamId", candidate.teamId())
                .addValue("policyFile", classified.policyFile())
                .addValue("issueKind", classified.issueKind().id())
                .addValue("language", classified.language() == null ? "und" : classified.language())
                .addValue("status", CaseStatus.OPEN.id())
                .addValue("priority", candidate.priority().id())
                .addValue("dueBy", timestamp(candidate.dueBy()))
                .addValue("reason", candidate.reason())
                .addValue("author", post.author())
                .addValue("platform", post.platform())
                .addValue("text", post.text())
                .addValue("url", post.url())
                .addValue("createdAt", timestamp(post.createdAt()))
                .addValue("routedAt", timestamp(candidate.routedAt()))
                .addValue("sourcePartition", source.partition())
                .addValue("sourceOffset", source.offset())
                .addValue("classifiedPost", EventJson.mapper().writeValueAsString(classified));
    }

    private static MapSqlParameterSource eventParams(CaseEvent event) {
        return new MapSqlParameterSource()
                .addValue("id", event.eventId())
                .addValue("caseId", event.caseId())
                .addValue("type", event.type().id())
                .addValue("teamId", event.teamId())
                .addValue("actor", event.actor())
                .addValue("details", EventJson.mapper().writeValueAsString(event.details()))
                .addValue("occurredAt", timestamp(event.occurredAt()));
    }

    /**
     * Stores a new case and its routed event unless the post already has a case; idempotent by post id.
     *
     * <p>Why the source offset decides: the caller publishes in a Kafka transaction that commits after
     * this database transaction. If the case exists and was created by this very record (same partition
     * and offset), the record is being redelivered, which means the Kafka transaction that would have
     * consumed it never committed: nothing of that case was published, so publish it again, with the
     * same case id and event id. If the case was created by another record, that record's transaction
     * committed before this one was read (a partition is consumed in order), so the case is already out:
     * this is a duplicate message and nothing is published.
     */
    @Transactional("transactionManager")
    public Recorded recordIfAbsent(RoutedCase candidate, CaseEvent routed, Source source) {
        // ON CONFLICT without a target is what both PostgreSQL and H2 (PostgreSQL mode) accept; the only
        // conflict that can happen is on post_id, the case id being a fresh UUID
        int inserted = batch.update(INSERT_CASE, caseParams(candidate, source));
        if (inserted == 1) {
            insertEvent(routed);
            return new Recorded(Outcome.CREATED, candidate, routed);
        }
        return existing(candidate.post().post().id(), source);
    }

    /** The case a post already has: the same record again (redelivered) or another one (duplicate). */
    private Recorded existing(String postId, Source source) {
        Stored existing = jdbc.sql("""
                SELECT id, team_id, priority, due_by, reason, routed_at, source_partition, source_offset,
                    classified_post
                FROM cases WHERE post_id = :postId""")
                .param("postId", postId)
                .query(CaseRepository::stored)
                .single();
        CaseEvent earlierRouted = jdbc.sql("""
                SELECT id, case_id, type, team_id, actor, details, occurred_at FROM case_events
                WHERE case_id = :caseId AND type = :type ORDER BY occurred_at, id LIMIT 1""")
                .param("caseId", existing.routedCase().caseId())
                .param("type", CaseEventType.ROUTED.id())
                .query((rs, n) -> event(rs, postId))
                .single();
        Outcome outcome = existing.source().equals(source) ? Outcome.REDELIVERED : Outcome.DUPLICATE;
        return new Recorded(outcome, existing.routedCase(), earlierRouted);
    }

    /** A team's cases, filtered, in the order the query asks for. */
    @Transactional(value = "transactionManager", readOnly = true)
    public CasePage page(String teamId, CaseQuery query) {
        return page(List.of(teamId), query);
    }

    /** The cases of these teams (at least one), filtered, in the order the query asks for. */
    @Transactional(value = "transactionManager", readOnly = true)
    public CasePage page(Collection<String> teamIds, CaseQuery query) {
        StringBuilder where = new StringBuilder(" WHERE team_id IN (:teamIds)");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("teamIds", List.copyOf(teamIds));
        if (!query.statuses().isEmpty()) {
            where.append(" AND status IN (:statuses)");
            params.put("statuses", query.statuses().stream().map(CaseStatus::id).toList());
        }
        query.priority().ifPresent(priority -> {
            where.append(" AND priority = :priority");
            params.put("priority", priority.id());
        });
        query.kind().ifPresent(kind -> {
            where.append(" AND issue_kind = :kind");
            params.put("kind", kind.id());
        });
        query.language().ifPresent(language -> {
            where.append(" AND language = :language");
            params.put("language", language);
        });
        query.assignee().ifPresent(assignee -> equalOrNone(where, params, "assignee", "assignee", assignee));
        query.policyFile().ifPresent(policyFile -> equalOrNone(where, params, "policy_file", "policyFile", policyFile));
        String order = switch (query.sort()) {
            case ROUTED -> "routed_at DESC, " + PRIORITY_RANK + " DESC";
            case PRIORITY -> PRIORITY_RANK + " DESC, due_by ASC";
            case DUE -> "due_by ASC, " + PRIORITY_RANK + " DESC";
        };
        long total = jdbc.sql("SELECT COUNT(*) FROM cases" + where).params(params).query(Long.class).single();
        params.put("limit", query.size());
        params.put("offset", query.offset());
        List<CaseSummary> items = jdbc.sql("SELECT " + SUMMARY_COLUMNS + " FROM cases" + where
                        + " ORDER BY " + order + ", id LIMIT :limit OFFSET :offset")
                .params(params)
                .query(CaseRepository::summary)
                .list();
        return new CasePage(items, query.page(), query.size(), total);
    }

    /** A filter on a nullable column: {@link CaseQuery#NONE} asks for the rows without a value. */
    private static void equalOrNone(StringBuilder where, Map<String, Object> params, String column, String param,
            String value) {
        if (value.equals(CaseQuery.NONE)) {
            where.append(" AND ").append(column).append(" IS NULL");
        } else {
            where.append(" AND ").append(column).append(" = :").append(param);
            params.put(param, value);
        }
    }

    /** The current status of each of these cases that exists. */
    public Map<String, CaseStatus> statuses(Collection<String> caseIds) {
        Map<String, CaseStatus> statuses = new LinkedHashMap<>();
        if (caseIds.isEmpty()) {
            return statuses;
        }
        jdbc.sql("SELECT id, status FROM cases WHERE id IN (:ids)").param("ids", List.copyOf(caseIds))
                .query(rs -> {
                    statuses.put(rs.getString("id"), CaseStatus.fromId(rs.getString("status")).orElseThrow());
                });
        return statuses;
    }

    /**
     * Reads a case and locks its row until the end of the current transaction: two changes of one case
     * (two claims at once) run one after the other, and the second sees what the first did.
     */
    @Transactional(value = "transactionManager", propagation = Propagation.MANDATORY)
    public Optional<CaseSummary> lock(String caseId) {
        return jdbc.sql("SELECT " + SUMMARY_COLUMNS + " FROM cases WHERE id = :id FOR UPDATE")
                .param("id", caseId)
                .query(CaseRepository::summary)
                .optional();
    }

    /** The classified post a case was made from, as received. */
    public ClassifiedPost classifiedPost(String caseId) {
        return jdbc.sql("SELECT classified_post FROM cases WHERE id = :id").param("id", caseId)
                .query((rs, n) -> EventJson.mapper().readValue(rs.getString("classified_post"), ClassifiedPost.class))
                .single();
    }

    /** Writes the workflow fields of a case (the caller holds its lock). */
    @Transactional(value = "transactionManager", propagation = Propagation.MANDATORY)
    public void update(CaseSummary c) {
        jdbc.sql("""
                UPDATE cases SET team_id = :teamId, policy_file = :policyFile, issue_kind = :issueKind,
                    status = :status, priority = :priority, due_by = :dueBy, reason = :reason,
                    assignee = :assignee, first_response_at = :firstResponseAt, resolved_at = :resolvedAt,
                    escalated_at = :escalatedAt
                WHERE id = :id""")
                .param("id", c.id())
                .param("teamId", c.teamId())
                .param("policyFile", c.policyFile())
                .param("issueKind", c.issueKind().id())
                .param("status", c.status().id())
                .param("priority", c.priority().id())
                .param("dueBy", timestamp(c.dueBy()))
                .param("reason", c.reason())
                .param("assignee", c.assignee())
                .param("firstResponseAt", timestamp(c.firstResponseAt()))
                .param("resolvedAt", timestamp(c.resolvedAt()))
                .param("escalatedAt", timestamp(c.escalatedAt()))
                .update();
    }

    /** Stores an event of a case's history. */
    @Transactional(value = "transactionManager", propagation = Propagation.MANDATORY)
    public void addEvent(CaseEvent event) {
        insertEvent(event);
    }

    /** The assignment made in the same transaction as the case (trigger "routed"), if any. */
    public List<CaseEvent> assignedOnRouting(String caseId, String postId) {
        return jdbc.sql("""
                SELECT id, case_id, type, team_id, actor, details, occurred_at FROM case_events
                WHERE case_id = :caseId AND type = :type ORDER BY seq""")
                .param("caseId", caseId)
                .param("type", CaseEventType.ASSIGNED.id())
                .query((rs, n) -> event(rs, postId))
                .list().stream()
                .filter(e -> "routed".equals(e.details().get("trigger")))
                .toList();
    }

    /** How many unresolved cases each member of a team carries, for balanced assignment and capacity. */
    public Map<String, Long> openCasesByAssignee(String teamId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT assignee, COUNT(*) AS n FROM cases
                WHERE team_id = :teamId AND assignee IS NOT NULL AND status <> 'resolved'
                GROUP BY assignee""")
                .param("teamId", teamId)
                .query(rs -> {
                    counts.put(rs.getString("assignee"), rs.getLong("n"));
                });
        return counts;
    }

    /** Cases waiting for a first response whose due time has passed and that were not escalated yet. */
    public List<String> breached(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM cases
                WHERE first_response_at IS NULL AND escalated_at IS NULL AND status <> 'resolved' AND due_by <= :now
                ORDER BY due_by LIMIT :limit""")
                .param("now", timestamp(now)).param("limit", limit)
                .query(String.class).list();
    }

    /** Cases of a team that wait for someone to be assigned, oldest first. */
    public List<String> unassigned(String teamId, int limit) {
        return jdbc.sql("""
                SELECT id FROM cases WHERE team_id = :teamId AND status = 'open' AND assignee IS NULL
                ORDER BY routed_at, id LIMIT :limit""")
                .param("teamId", teamId).param("limit", limit)
                .query(String.class).list();
    }

    /** One case with its history, oldest event first. */
    @Transactional(value = "transactionManager", readOnly = true)
    public Optional<CaseDetails> find(String caseId) {
        return jdbc.sql("SELECT " + SUMMARY_COLUMNS + ", classified_post FROM cases WHERE id = :id")
                .param("id", caseId)
                .query((rs, n) -> Map.entry(summary(rs, n), EventJson.mapper().readValue(rs.getString("classified_post"),
                        ClassifiedPost.class)))
                .optional()
                .map(row -> new CaseDetails(row.getKey(), CaseDetails.Classification.of(row.getValue()), jdbc.sql("""
                        SELECT id, type, team_id, actor, details, occurred_at FROM case_events
                        WHERE case_id = :caseId ORDER BY seq""")
                        .param("caseId", caseId)
                        .query((rs, n) -> new CaseDetails.HistoryEntry(rs.getString("id"),
                                eventType(rs.getString("type")), rs.getString("team_id"), rs.getString("actor"),
                                EventJson.mapper().readValue(rs.getString("details"), DETAILS),
                                instant(rs, "occurred_at")))
                        .list(), emergingLink(row.getKey())));
    }

    /**
     * The emerging issue a case belongs to (docs/alerts.md), or null: for an emerging-issue case, its own;
     * for the case of a post, the latest issue whose surge links it.
     */
    private EmergingLink emergingLink(CaseSummary c) {
        String from = EmergingLink.isEmergingCase(c.postId()) ? " FROM emerging_issues e WHERE e.case_id = :id"
                : " FROM emerging_issues e JOIN cases c ON " + EmergingLink.LINKED
                        + " WHERE c.id = :id AND e.case_id IS NOT NULL";
        return jdbc.sql("SELECT e.case_id, e.alert_id, e.state, " + EmergingLink.COUNT_LINKED + " AS linked" + from
                        + " ORDER BY e.linked_from DESC LIMIT 1")
                .param("id", c.id())
                .query((rs, n) -> new EmergingLink(rs.getString("case_id"), rs.getString("alert_id"),
                        rs.getString("state"), rs.getLong("linked"), EmergingLink.linkedHref(rs.getString("alert_id"))))
                .optional().orElse(null);
    }

    private void insertEvent(CaseEvent event) {
        batch.update(INSERT_EVENT, eventParams(event));
    }

    private record Stored(RoutedCase routedCase, Source source) {
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        ClassifiedPost classified = EventJson.mapper().readValue(rs.getString("classified_post"), ClassifiedPost.class);
        RoutedCase routedCase = new RoutedCase(RoutedCase.SCHEMA_VERSION, rs.getString("id"), rs.getString("team_id"),
                priority(rs.getString("priority")), instant(rs, "due_by"), rs.getString("reason"), classified,
                instant(rs, "routed_at"));
        return new Stored(routedCase, new Source(rs.getInt("source_partition"), rs.getLong("source_offset")));
    }

    private static CaseEvent event(ResultSet rs, String postId) throws SQLException {
        return new CaseEvent(CaseEvent.SCHEMA_VERSION, rs.getString("id"), rs.getString("case_id"),
                eventType(rs.getString("type")), postId, rs.getString("team_id"), rs.getString("actor"),
                EventJson.mapper().readValue(rs.getString("details"), DETAILS), instant(rs, "occurred_at"));
    }

    private static CaseSummary summary(ResultSet rs, int row) throws SQLException {
        return new CaseSummary(rs.getString("id"), rs.getString("post_id"), rs.getString("team_id"),
                rs.getString("policy_file"), IssueKind.fromId(rs.getString("issue_kind")).orElseThrow(),
                rs.getString("language"), CaseStatus.fromId(rs.getString("status")).orElseThrow(),
                priority(rs.getString("priority")), instant(rs, "due_by"), rs.getString("reason"),
                rs.getString("author"), rs.getString("platform"), rs.getString("text"), rs.getString("url"),
                instant(rs, "created_at"), instant(rs, "routed_at"), rs.getString("assignee"),
                instant(rs, "first_response_at"), instant(rs, "resolved_at"), instant(rs, "escalated_at"));
    }

    private static Priority priority(String id) {
        return Arrays.stream(Priority.values()).filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static CaseEventType eventType(String id) {
        return Arrays.stream(CaseEventType.values()).filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
