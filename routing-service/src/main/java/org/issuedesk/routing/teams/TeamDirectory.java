package org.issuedesk.routing.teams;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.issuedesk.contracts.EventJson;
import org.issuedesk.routing.RoutingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.ErrorResponseException;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The teams and which policy files each one owns, kept in the routing database (tables {@code teams}
 * and {@code policy_file_owners}). An empty database is seeded from the YAML at
 * {@code issuedesk.routing.teams.location} at start-up; after that the database is the truth and
 * {@code PUT/DELETE /api/teams/{id}} change it. A seed file that cannot be read or is inconsistent (a
 * policy file with two owners, no triage team, ...) stops the start-up: routing on a wrong directory
 * would put cases in front of the wrong people.
 *
 * <p>Reads ({@link #all}, {@link #find}, {@link #ownerOf}, {@link #triage}) come from an in-memory copy:
 * routing asked for a team three times per post, which was a third of its database work. The copy is
 * dropped when this instance saves or deletes a team (again when that transaction ends, so that a
 * rolled-back change does not linger) and read again when older than {@code issuedesk.routing.teams.refresh}
 * (changes made through another instance).
 */
@Component
public class TeamDirectory {

    private static final Logger log = LoggerFactory.getLogger(TeamDirectory.class);
    // a team id is part of a topic name: team-queue.<id> (see Topics.teamQueue)
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_SLA_MINUTES = 30 * 24 * 60;
    private static final int MAX_MEMBERS = 200;
    private static final int MAX_CAPACITY = 1000;
    private static final Set<String> LANGUAGES = Set.of("en", "fr");

    // strict: an unknown key in an administrator's file is a typo, not something to ignore
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final long refreshNanos;
    private volatile Snapshot snapshot;

    /** The teams in order, by id, and the owner of each policy file; read when it was {@code loadedAt}. */
    private record Snapshot(List<Team> teams, Map<String, Team> byId, Map<String, Team> byFile, long loadedAt) {
    }

    @Autowired
    public TeamDirectory(RoutingProperties properties, ResourceLoader resources, JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.refreshNanos = properties.teams().refresh().toNanos();
        String location = properties.teams().location();
        if (count() == 0) {
            List<Team> seed = load(resources.getResource(location), location);
            seed.forEach(team -> insertOrIgnore(team));
            log.info("Seeded {} teams from {}", seed.size(), location);
        }
        log.info("Teams: {}", all().stream().map(Team::id).toList());
    }

    /** Every team, in the order they were created (the seed file's order first). */
    public List<Team> all() {
        return snapshot().teams();
    }

    public Optional<Team> find(String id) {
        return Optional.ofNullable(snapshot().byId().get(id));
    }

    /** The team that owns a policy file, if any team does. */
    public Optional<Team> ownerOf(String policyFile) {
        if (policyFile == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(snapshot().byFile().get(policyFile));
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        if (current == null || System.nanoTime() - current.loadedAt() > refreshNanos) {
            current = read();
            snapshot = current;
        }
        return current;
    }

    private Snapshot read() {
        long loadedAt = System.nanoTime();
        List<Team> teams = jdbc.sql("SELECT body FROM teams ORDER BY position, id").query(TeamDirectory::team).list();
        Map<String, Team> byId = new LinkedHashMap<>();
        teams.forEach(team -> byId.put(team.id(), team));
        Map<String, Team> byFile = new LinkedHashMap<>();
        jdbc.sql("SELECT policy_file, team_id FROM policy_file_owners").query(rs -> {
            Team owner = byId.get(rs.getString("team_id"));
            if (owner != null) {
                byFile.put(rs.getString("policy_file"), owner);
            }
        });
        return new Snapshot(List.copyOf(teams), Map.copyOf(byId), Map.copyOf(byFile), loadedAt);
    }

    /** Drops the copy now and again when the current transaction ends (committed or not). */
    private void changed() {
        snapshot = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    snapshot = null;
                }
            });
        }
    }

    /** The team as stored now, not from the copy: what a change is checked against. */
    private Optional<Team> stored(String id) {
        return jdbc.sql("SELECT body FROM teams WHERE id = :id").param("id", id).query(TeamDirectory::team).optional();
    }

    /** The team of posts that no team owns; it always exists (it cannot be deleted). */
    public Team triage() {
        return find(Team.TRIAGE).orElseThrow(() -> new IllegalStateException("the triage team is missing"));
    }

    /** What {@link #save} did. */
    public enum Saved {
        CREATED, UPDATED
    }

    /**
     * Creates or replaces a team. Problems of the team itself are a 400; a policy file owned by another
     * team is a 409 (each file has exactly one owner: release it from the other team first).
     */
    @Transactional("transactionManager")
    public Saved save(Team team) {
        List<String> problems = new ArrayList<>();
        validate(team, "team", problems);
        for (String consulted : team.consults()) {
            if (!consulted.equals(team.id()) && stored(consulted).isEmpty()) {
                problems.add("team: consults an unknown team " + consulted);
            }
        }
        if (!problems.isEmpty()) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid team", String.join("; ", problems));
        }
        List<String> taken = new ArrayList<>();
        for (String file : team.owns()) {
            jdbc.sql("SELECT team_id FROM policy_file_owners WHERE policy_file = :file").param("file", file)
                    .query(String.class).optional().filter(owner -> !owner.equals(team.id()))
                    .ifPresent(owner -> taken.add(file + " (owned by " + owner + ")"));
        }
        if (!taken.isEmpty()) {
            throw problem(HttpStatus.CONFLICT, "Policy file already owned",
                    "Each policy file has exactly one owner; already owned: " + String.join(", ", taken) + ".");
        }
        boolean exists = stored(team.id()).isPresent();
        changed();
        try {
            if (exists) {
                jdbc.sql("UPDATE teams SET body = :body, updated_at = :now WHERE id = :id")
                        .param("id", team.id()).param("body", EventJson.mapper().writeValueAsString(team))
                        .param("now", now()).update();
                jdbc.sql("DELETE FROM policy_file_owners WHERE team_id = :id").param("id", team.id()).update();
                insertOwners(team);
            } else {
                insertOrIgnore(team);
            }
        } catch (DuplicateKeyException e) {
            // another request took one of these files (or created this team) in the meantime
            throw problem(HttpStatus.CONFLICT, "Conflicting change",
                    "Another change to the teams happened at the same time; try again.");
        }
        return exists ? Saved.UPDATED : Saved.CREATED;
    }

    /** Deletes a team that has no case left to handle; triage cannot be deleted. */
    @Transactional("transactionManager")
    public boolean delete(String id) {
        if (Team.TRIAGE.equals(id)) {
            throw problem(HttpStatus.CONFLICT, "Team required", "The triage team receives posts that no team owns; it cannot be deleted.");
        }
        long open = jdbc.sql("SELECT COUNT(*) FROM cases WHERE team_id = :id AND status <> 'resolved'")
                .param("id", id).query(Long.class).single();
        if (open > 0) {
            throw problem(HttpStatus.CONFLICT, "Team has cases",
                    "Team '" + id + "' still has " + open + " unresolved cases; reroute or resolve them first.");
        }
        long consultedBy = jdbc.sql("SELECT body FROM teams ORDER BY position, id").query(TeamDirectory::team).list()
                .stream().filter(t -> !t.id().equals(id) && t.consults().contains(id)).count();
        if (consultedBy > 0) {
            throw problem(HttpStatus.CONFLICT, "Team is consulted",
                    "Team '" + id + "' is consulted by " + consultedBy + " other teams; update them first.");
        }
        changed();
        return jdbc.sql("DELETE FROM teams WHERE id = :id").param("id", id).update() == 1;
    }

    private long count() {
        return jdbc.sql("SELECT COUNT(*) FROM teams").query(Long.class).single();
    }

    private void insertOrIgnore(Team team) {
        int position = jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM teams").query(Integer.class).single();
        int inserted = jdbc.sql("""
                INSERT INTO teams (id, position, body, updated_at) VALUES (:id, :position, :body, :now)
                ON CONFLICT DO NOTHING""")
                .param("id", team.id()).param("position", position)
                .param("body", EventJson.mapper().writeValueAsString(team)).param("now", now()).update();
        if (inserted == 1) {
            insertOwners(team);
        }
    }

    private void insertOwners(Team team) {
        for (String file : team.owns()) {
            jdbc.sql("INSERT INTO policy_file_owners (policy_file, team_id) VALUES (:file, :team)")
                    .param("file", file).param("team", team.id()).update();
        }
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static Team team(ResultSet rs, int row) throws SQLException {
        return EventJson.mapper().readValue(rs.getString("body"), Team.class);
    }

    /** A problem+json error for the REST callers. */
    public static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    static List<Team> load(Resource resource, String location) {
        TeamsFile file;
        try (InputStream in = resource.getInputStream()) {
            file = YAML.readValue(in, TeamsFile.class);
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("cannot read the teams at " + location + ": " + e.getMessage(), e);
        }
        List<String> problems = validate(file);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid teams at " + location + ":\n  " + String.join("\n  ", problems));
        }
        return file.teams();
    }

    static List<String> validate(TeamsFile file) {
        List<String> problems = new ArrayList<>();
        if (file == null || file.format() != TeamsFile.FORMAT) {
            problems.add("format must be " + TeamsFile.FORMAT);
        }
        List<Team> teams = file == null || file.teams() == null ? List.of() : file.teams();
        Map<String, String> teamIds = new LinkedHashMap<>();
        Map<String, String> owners = new LinkedHashMap<>();
        for (int i = 0; i < teams.size(); i++) {
            Team team = teams.get(i);
            String where = "teams[" + i + "]";
            if (team == null) {
                problems.add(where + ": empty entry");
                continue;
            }
            validate(team, where, problems);
            if (team.id() != null && teamIds.putIfAbsent(team.id(), where) != null) {
                problems.add(where + ": duplicate id " + team.id());
            }
            for (String policyFile : team.owns()) {
                if (policyFile != null) {
                    String previous = owners.putIfAbsent(policyFile, team.id());
                    if (previous != null) {
                        problems.add(where + ": policy file " + policyFile + " is already owned by " + previous
                                + " (each policy file has exactly one owner)");
                    }
                }
            }
        }
        if (!teamIds.containsKey(Team.TRIAGE)) {
            problems.add("a team with id " + Team.TRIAGE + " must exist: it receives posts that no team owns");
        }
        return problems;
    }

    /** The problems of one team on its own (not against other teams). */
    static void validate(Team team, String where, List<String> problems) {
        if (team.id() == null || !ID.matcher(team.id()).matches()) {
            problems.add(where + ": id must be lower-case letters, digits and dashes, got " + team.id());
        }
        if (team.name() == null || isBlank(team.name().en()) || isBlank(team.name().fr())) {
            problems.add(where + ": name needs both en and fr");
        }
        if (team.members().isEmpty() || team.members().size() > MAX_MEMBERS) {
            problems.add(where + ": a team needs 1 to " + MAX_MEMBERS + " members");
        }
        Set<String> handles = new HashSet<>();
        for (int m = 0; m < team.members().size(); m++) {
            Team.Member member = team.members().get(m);
            String at = where + ".members[" + m + "]";
            if (member == null || member.handle() == null || !HANDLE.matcher(member.handle()).matches()
                    || member.function() == null) {
                problems.add(at + ": needs a handle (letters, digits, . _ -) and a function");
                continue;
            }
            if (!handles.add(member.handle())) {
                problems.add(at + ": duplicate handle " + member.handle());
            }
            if (!LANGUAGES.containsAll(member.languages())) {
                problems.add(at + ": languages must be en and/or fr");
            }
            if (member.capacity() < 0 || member.capacity() > MAX_CAPACITY) {
                problems.add(at + ": capacity must be between 0 and " + MAX_CAPACITY);
            }
        }
        if (team.firstResponseSlaMinutes() < 1 || team.firstResponseSlaMinutes() > MAX_SLA_MINUTES) {
            problems.add(where + ": firstResponseSlaMinutes must be between 1 and " + MAX_SLA_MINUTES);
        }
        Set<String> files = new HashSet<>();
        for (String policyFile : team.owns()) {
            if (policyFile == null || !ID.matcher(policyFile).matches()) {
                problems.add(where + ": owns an invalid policy-file id " + policyFile);
            } else if (!files.add(policyFile)) {
                problems.add(where + ": owns " + policyFile + " twice");
            }
        }
        for (String consulted : team.consults()) {
            if (consulted == null || !ID.matcher(consulted).matches()) {
                problems.add(where + ": consults an invalid team id " + consulted);
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
