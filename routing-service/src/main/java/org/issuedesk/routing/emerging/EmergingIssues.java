package org.issuedesk.routing.emerging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns the messages of one alert into one emerging-issue case, idempotently: the first message creates
 * it for the team that owns the file (triage when none does) at high priority (urgent for
 * misinformation) with its own SLA; later messages update its counts, terms and sample; the close notes
 * when the surge ended (which also ends the cases it links). A redelivered or out-of-date message, or one
 * after the close, changes nothing.
 */
@Service
public class EmergingIssues {

    private static final Logger log = LoggerFactory.getLogger(EmergingIssues.class);

    /** What a message did. */
    public enum Outcome {
        CREATED, UPDATED, IGNORED
    }

    private final EmergingIssueRepository issues;
    private final TeamDirectory teams;
    private final EmergingProperties settings;
    private final Clock clock;

    public EmergingIssues(EmergingIssueRepository issues, TeamDirectory teams, EmergingProperties settings,
            Clock clock) {
        this.issues = issues;
        this.teams = teams;
        this.settings = settings;
        this.clock = clock;
    }

    /** The problems that make an alert unusable (empty when it is fine). */
    static List<String> problems(IssueAlert alert) {
        List<String> problems = new ArrayList<>();
        if (alert == null) {
            return List.of("no value");
        }
        if (alert.alertId() == null || alert.alertId().isBlank() || alert.alertId().length() > 200) {
            problems.add("alertId must be 1-200 characters");
        }
        if (alert.policyFile() == null || alert.policyFile().isBlank() || alert.policyFile().length() > 100) {
            problems.add("policyFile must be 1-100 characters");
        }
        if (alert.state() == null) {
            problems.add("state is missing");
        }
        if (alert.windowStart() == null || alert.windowEnd() == null || alert.raisedAt() == null
                || alert.openedAt() == null) {
            problems.add("windowStart, windowEnd, openedAt and raisedAt are required");
        }
        return problems;
    }

    @Transactional("transactionManager")
    public Outcome apply(IssueAlert alert) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<EmergingIssueRepository.Current> current = issues.lock(alert.alertId());
        if (current.isEmpty()) {
            Optional<Team> owner = teams.ownerOf(alert.policyFile());
            Team team = owner.orElseGet(teams::triage);
            boolean misinformation = alert.issueKind() == IssueKind.MISINFORMATION;
            Priority priority = misinformation ? Priority.URGENT : Priority.HIGH;
            String reason = "emerging issue on " + alert.policyFile()
                    + (alert.issueKind() == null ? "" : " (" + alert.issueKind().id() + ")") + ": " + alert.count()
                    + " posts in " + Duration.between(alert.windowStart(), alert.windowEnd()).toMinutes()
                    + " min against a baseline of " + alert.baseline() + "; "
                    + (owner.isPresent() ? "owned by " : "no owner, to ") + team.id();
            boolean inserted = issues.insert(alert, team.id(), priority,
                    now.plus(misinformation ? settings.misinformationSla() : settings.sla()), reason, now);
            if (inserted) {
                log.info("emerging issue {} for team {} ({} posts, score {})", alert.alertId(), team.id(),
                        alert.count(), alert.score());
                return Outcome.CREATED;
            }
            return Outcome.IGNORED;
        }
        EmergingIssueRepository.Current stored = current.get();
        if (stored.state() == AlertState.CLOSED || !alert.raisedAt().isAfter(stored.raisedAt())) {
            return Outcome.IGNORED; // a redelivery, an older message, or news of a surge already over
        }
        issues.update(alert, Math.max(stored.peakCount(), alert.count()), now);
        return Outcome.UPDATED;
    }
}
