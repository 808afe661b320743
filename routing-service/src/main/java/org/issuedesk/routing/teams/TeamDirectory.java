package org.issuedesk.routing.teams;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.issuedesk.routing.RoutingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The teams and which policy files each one owns, read once at start-up from the YAML at
 * {@code issuedesk.routing.teams.location}; read-only for now. A file that cannot be read or is
 * inconsistent (a policy file with two owners, no triage team, ...) stops the start-up: routing on a
 * wrong directory would put cases in front of the wrong people.
 */
@Component
public class TeamDirectory {

    private static final Logger log = LoggerFactory.getLogger(TeamDirectory.class);
    // a team id is part of a topic name: team-queue.<id> (see Topics.teamQueue)
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_SLA_MINUTES = 30 * 24 * 60;

    // strict: an unknown key in an administrator's file is a typo, not something to ignore
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final Map<String, Team> byId;
    private final Map<String, Team> byPolicyFile;

    @Autowired
    public TeamDirectory(RoutingProperties properties, ResourceLoader resources) {
        this(load(resources.getResource(properties.teams().location()), properties.teams().location()));
        log.info("Loaded {} teams from {}: {}", byId.size(), properties.teams().location(), byId.keySet());
    }

    TeamDirectory(List<Team> teams) {
        this.byId = new LinkedHashMap<>();
        this.byPolicyFile = new LinkedHashMap<>();
        teams.forEach(team -> {
            byId.put(team.id(), team);
            team.owns().forEach(file -> byPolicyFile.put(file, team));
        });
    }

    /** Every team, in file order. */
    public List<Team> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Team> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The team that owns a policy file, if any team does. */
    public Optional<Team> ownerOf(String policyFile) {
        return Optional.ofNullable(byPolicyFile.get(policyFile));
    }

    /** The team of posts that no team owns; it always exists. */
    public Team triage() {
        return byId.get(Team.TRIAGE);
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
            if (team.id() == null || !ID.matcher(team.id()).matches()) {
                problems.add(where + ": id must be lower-case letters, digits and dashes, got " + team.id());
            } else if (teamIds.putIfAbsent(team.id(), where) != null) {
                problems.add(where + ": duplicate id " + team.id());
            }
            if (team.name() == null || isBlank(team.name().en()) || isBlank(team.name().fr())) {
                problems.add(where + ": name needs both en and fr");
            }
            if (team.members().isEmpty()) {
                problems.add(where + ": a team needs at least one member");
            }
            for (int m = 0; m < team.members().size(); m++) {
                Team.Member member = team.members().get(m);
                if (member == null || member.handle() == null || !HANDLE.matcher(member.handle()).matches()
                        || member.function() == null) {
                    problems.add(where + ".members[" + m + "]: needs a handle (letters, digits, . _ -) and a function");
                }
            }
            if (team.firstResponseSlaMinutes() < 1 || team.firstResponseSlaMinutes() > MAX_SLA_MINUTES) {
                problems.add(where + ": firstResponseSlaMinutes must be between 1 and " + MAX_SLA_MINUTES);
            }
            for (String policyFile : team.owns()) {
                if (policyFile == null || !ID.matcher(policyFile).matches()) {
                    problems.add(where + ": owns an invalid policy-file id " + policyFile);
                } else {
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

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
