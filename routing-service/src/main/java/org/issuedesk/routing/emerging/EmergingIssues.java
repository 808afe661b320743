package org.issuedesk.routing.emerging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.routing.cases.CaseIntake;
import org.issuedesk.routing.cases.CaseRepository;
import org.issuedesk.routing.cases.CaseRequests;
import org.issuedesk.routing.cases.CaseWorkflow;
import org.issuedesk.routing.outbox.Outbox;
import org.issuedesk.routing.teams.Team;
import org.issuedesk.routing.teams.TeamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns the messages of one alert into one emerging-issue case, idempotently. The first message creates
 * the emerging issue and its case in the queue of the team that owns the file (triage when none does), at
 * high priority (urgent for misinformation) with its own SLA, in ONE database transaction with the records
 * that announce it (the team's queue and cases.events, through the outbox): the case then lives like any
 * other (claim, respond, approve, resolve, reroute, notes, SLA escalation). Later messages update the
 * issue's counts, terms and sample, and the growth and the end of the surge are noted on the case. A
 * redelivered or out-of-date message, or one after the close, changes nothing.
 */
@Service
public class EmergingIssues {

    private static final Logger log = LoggerFactory.getLogger(EmergingIssues.class);
    private static final String SYSTEM = "system";

    /** What a message did. */
    public enum Outcome {
        CREATED, UPDATED, IGNORED
    }

    private final EmergingIssueRepository issues;
    private final TeamDirectory teams;
    private final CaseIntake intake;
    private final CaseWorkflow workflow;
    private final Outbox outbox;
    private final EmergingProperties settings;
    private final Clock clock;

    public EmergingIssues(EmergingIssueRepository issues, TeamDirectory teams, CaseIntake intake,
            CaseWorkflow workflow, Outbox outbox, EmergingProperties settings, Clock clock) {
        this.issues = issues;
        this.teams = teams;
        this.intake = intake;
        this.workflow = workflow;
        this.outbox = outbox;
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

    /**
     * Applies one message of {@code issues.alerts}; {@code source} is where it was read (the emerging-issue
     * case remembers it, as the case of a post remembers its record of posts.classified).
     */
    @Transactional("transactionManager")
    public Outcome apply(IssueAlert alert, CaseRepository.Source source) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<EmergingIssueRepository.Current> current = issues.lock(alert.alertId());
        if (current.isEmpty()) {
            return open(alert, source, now);
        }
        EmergingIssueRepository.Current stored = current.get();
        if (stored.state() == AlertState.CLOSED || !alert.raisedAt().isAfter(stored.raisedAt())) {
            return Outcome.IGNORED; // a redelivery, an older message, or news of a surge already over
        }
        issues.update(alert, Math.max(stored.peakCount(), alert.count()), now);
        if (stored.caseId() != null) {
            // the case's history tells how the surge went on (and cases.events carries it, as any note)
            workflow.note(stored.caseId(), SYSTEM, new CaseRequests.Note(EmergingCase.progress(alert)));
        }
        return Outcome.UPDATED;
    }

    private Outcome open(IssueAlert alert, CaseRepository.Source source, Instant now) {
        Optional<Team> owner = teams.ownerOf(alert.policyFile());
        Team team = owner.orElseGet(teams::triage);
        boolean misinformation = alert.issueKind() == IssueKind.MISINFORMATION;
        Priority priority = misinformation ? Priority.URGENT : Priority.HIGH;
        Instant dueBy = now.plus(misinformation ? settings.misinformationSla() : settings.sla());
        String reason = "emerging issue on " + alert.policyFile()
                + (alert.issueKind() == null ? "" : " (" + alert.issueKind().id() + ")") + ": " + alert.count()
                + " posts in " + Duration.between(alert.windowStart(), alert.windowEnd()).toMinutes()
                + " min against a baseline of " + alert.baseline() + "; "
                + (owner.isPresent() ? "owned by " : "no owner, to ") + team.id();

        // the case first (idempotent by its post id alert:<alertId>), then the issue that points at it
        String caseId = UUID.randomUUID().toString();
        ClassifiedPost post = EmergingCase.post(alert, now);
        RoutedCase candidate = new RoutedCase(RoutedCase.SCHEMA_VERSION, caseId, team.id(), priority, dueBy, reason,
                post, now, alert);
        CaseEvent routed = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), caseId,
                CaseEventType.ROUTED, post.post().id(), team.id(), SYSTEM, Map.of("reason", reason,
                        "priority", priority.id(), "dueBy", dueBy.toString(), "alertId", alert.alertId()), now);
        CaseIntake.Intake recorded = intake.record(candidate, routed, source);
        if (recorded.outcome() != CaseRepository.Outcome.CREATED
                || !issues.insert(alert, caseId, team.id(), priority, dueBy, reason, now)) {
            return Outcome.IGNORED; // another instance made it first (both cannot: the ids are unique)
        }
        outbox.add(Topics.teamQueue(team.id()), candidate.post().post().id(), candidate);
        for (CaseEvent event : recorded.events()) {
            outbox.add(Topics.CASES_EVENTS, caseId, event);
        }
        log.info("emerging issue {} → case {} for team {} ({} posts, score {})", alert.alertId(), caseId, team.id(),
                alert.count(), alert.score());
        return Outcome.CREATED;
    }
}
