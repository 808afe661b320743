package org.issuedesk.routing.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.routing.cases.CaseRepository.Outcome;
import org.issuedesk.routing.cases.CaseRepository.Recorded;
import org.issuedesk.routing.cases.CaseRepository.Source;
import org.issuedesk.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The migrations and every SQL statement of {@link CaseRepository} on both databases the service runs
 * on: PostgreSQL (compose, tests) and H2 in PostgreSQL mode with the options of the local run mode.
 */
class CaseRepositoryTest {

    enum Database {
        H2_POSTGRESQL_MODE {
            @Override
            DataSource fresh() {
                // the options of the local profile's URL, in memory
                return new DriverManagerDataSource("jdbc:h2:mem:cases-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
            }
        },
        POSTGRESQL {
            @Override
            DataSource fresh() {
                TestDatabase.Schema schema = TestDatabase.freshSchema();
                return new DriverManagerDataSource(schema.url(), schema.username(), schema.password());
            }
        };

        abstract DataSource fresh();
    }

    private static final Instant NOW = Instant.parse("2026-11-20T15:00:00Z");

    private long offsets;

    @ParameterizedTest
    @EnumSource(Database.class)
    void shouldApplyTheMigrations(Database database) {
        // Given an empty database
        DataSource dataSource = database.fresh();

        // When the service's migrations run
        MigrateResult result = migrate(dataSource);

        // Then every one of them applies
        assertThat(result.success).isTrue();
        // (every file of db/migration: the count does not need a change with each new migration)
        assertThat(result.migrationsExecuted).isEqualTo(migrationFiles());
        assertThat(JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM cases").query(Long.class).single()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void shouldRecordAPollInOneBatchAsIfRecordByRecord(Database database) {
        // Given a poll where post A comes twice (offsets 10 and 12) around post B
        CaseRepository cases = repository(database);
        ClassifiedPost a = ClassifiedPosts.about("employment-insurance", IssueKind.QUESTION);
        ClassifiedPost b = ClassifiedPosts.about("employment-insurance", IssueKind.COMPLAINT);
        List<CaseIntake.Candidate> poll = List.of(candidate(a, new Source(1, 10)), candidate(b, new Source(1, 11)),
                candidate(a, new Source(1, 12)));

        // When the poll is recorded, then its first two records come again (their Kafka transaction failed)
        List<Recorded> first = cases.recordAllIfAbsent(poll);
        List<Recorded> again = cases.recordAllIfAbsent(List.of(candidate(a, new Source(1, 10)),
                candidate(b, new Source(1, 11))));

        // Then A and B are created once, A's second record is a duplicate, and the redelivered records get
        // the stored cases and routed events back
        assertThat(first).extracting(Recorded::outcome)
                .containsExactly(Outcome.CREATED, Outcome.CREATED, Outcome.DUPLICATE);
        assertThat(first.get(2).routedCase().caseId()).isEqualTo(first.get(0).routedCase().caseId());
        assertThat(again).extracting(Recorded::outcome).containsExactly(Outcome.REDELIVERED, Outcome.REDELIVERED);
        assertThat(again.get(0).routedCase()).isEqualTo(first.get(0).routedCase());
        assertThat(again.get(1).routed()).isEqualTo(first.get(1).routed());
        assertThat(cases.page("benefits-horizontal", CaseQuery.parse(null, null, null, null)).total()).isEqualTo(2);
    }

    private static CaseIntake.Candidate candidate(ClassifiedPost post, Source source) {
        RoutedCase routedCase = caseOf(post, "benefits-horizontal", Priority.NORMAL, NOW);
        return new CaseIntake.Candidate(routedCase, eventOf(post, routedCase), source);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void shouldCreateACaseOnceAndTellARedeliveryFromADuplicate(Database database) {
        // Given a migrated database and a routed post from partition 1, offset 41
        CaseRepository cases = repository(database);
        ClassifiedPost post = ClassifiedPosts.about("employment-insurance", IssueKind.QUESTION);
        Source source = new Source(1, 41);

        // When the post is recorded, then recorded again from the same record, then from another record
        Recorded first = recordAgain(cases, post, NOW, source);
        Recorded redelivered = recordAgain(cases, post, NOW.plusSeconds(9), new Source(1, 41));
        Recorded duplicate = recordAgain(cases, post, NOW.plusSeconds(20), new Source(1, 57));

        // Then one case exists; a redelivery gets that case and its event back, a duplicate is told apart
        assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(redelivered.outcome()).isEqualTo(Outcome.REDELIVERED);
        assertThat(duplicate.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(redelivered.routedCase()).isEqualTo(first.routedCase());
        assertThat(redelivered.routed()).isEqualTo(first.routed());
        assertThat(duplicate.routedCase().caseId()).isEqualTo(first.routedCase().caseId());
        assertThat(cases.page("benefits-horizontal", CaseQuery.parse(null, null, null, null)).total()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void shouldListATeamsCasesNewestFirstThenMostUrgentWithFiltersAndPages(Database database) {
        // Given three cases of one team (two routed at the same instant) and one of another team
        CaseRepository cases = repository(database);
        String older = record(cases, "benefits-horizontal", Priority.HIGH, NOW.minusSeconds(60));
        String newLow = record(cases, "benefits-horizontal", Priority.LOW, NOW);
        String newHigh = record(cases, "benefits-horizontal", Priority.HIGH, NOW);
        record(cases, "tax-horizontal", Priority.NORMAL, NOW);

        // When the queue is read whole, filtered, and by pages
        CasePage all = cases.page("benefits-horizontal", CaseQuery.parse(null, null, null, null));
        CasePage high = cases.page("benefits-horizontal", CaseQuery.parse("open", "high", null, null));
        CasePage secondPage = cases.page("benefits-horizontal", CaseQuery.parse(null, null, "1", "2"));
        CasePage resolved = cases.page("benefits-horizontal", CaseQuery.parse("resolved", null, null, null));

        // Then newest come first, the most urgent first among equals; filters and pages apply; total counts all
        assertThat(all.items()).extracting(CaseSummary::id).containsExactly(newHigh, newLow, older);
        assertThat(all.total()).isEqualTo(3);
        assertThat(high.items()).extracting(CaseSummary::id).containsExactly(newHigh, older);
        assertThat(secondPage.items()).extracting(CaseSummary::id).containsExactly(older);
        assertThat(secondPage.total()).isEqualTo(3);
        assertThat(secondPage.page()).isEqualTo(1);
        assertThat(secondPage.size()).isEqualTo(2);
        assertThat(resolved.items()).isEmpty();
        assertThat(resolved.total()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void shouldFindACaseWithEveryFieldAndItsHistory(Database database) {
        // Given a recorded case
        CaseRepository cases = repository(database);
        ClassifiedPost post = ClassifiedPosts.about(null, IssueKind.MISINFORMATION);
        RoutedCase routedCase = caseOf(post, "triage", Priority.HIGH, NOW);
        CaseEvent routed = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), routedCase.caseId(),
                CaseEventType.ROUTED, post.post().id(), "triage", "system", Map.of("reason", routedCase.reason()), NOW);
        cases.recordIfAbsent(routedCase, routed, new Source(0, 7));

        // When it is read back
        Optional<CaseDetails> found = cases.find(routedCase.caseId());

        // Then it has the routing decision, the post and the routed event
        assertThat(found).isPresent();
        CaseSummary summary = found.get().summary();
        assertThat(summary).isEqualTo(new CaseSummary(routedCase.caseId(), post.post().id(), "triage", null,
                IssueKind.MISINFORMATION, "en", CaseStatus.OPEN, Priority.HIGH, NOW.plus(Duration.ofMinutes(60)),
                routedCase.reason(), "@someone", "mastodon", post.post().text(), post.post().url(),
                ClassifiedPosts.CREATED_AT, NOW, null, null, null, null));
        assertThat(found.get().history()).containsExactly(new CaseDetails.HistoryEntry(routed.eventId(),
                CaseEventType.ROUTED, "triage", "system", Map.of("reason", routedCase.reason()), NOW));
        assertThat(cases.find("no-such-case")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void shouldSortByPriorityThenDueTimeAndFilterByKindLanguageAndAssignee(Database database) {
        // Given a low case due first, two high cases due later, one of them assigned to martine.l
        CaseRepository cases = repository(database);
        String low = record(cases, "benefits-horizontal", Priority.LOW, NOW.minusSeconds(120));
        String highLater = record(cases, "benefits-horizontal", Priority.HIGH, NOW);
        String highSooner = record(cases, "benefits-horizontal", Priority.HIGH, NOW.minusSeconds(60));
        CaseSummary assigned = cases.lock(highLater).orElseThrow();
        cases.update(CaseWorkflow.with(assigned, CaseStatus.ASSIGNED, "martine.l"));

        // When the queue is read by priority, by due time, and filtered
        CasePage byPriority = cases.page("benefits-horizontal", CaseQuery.parse(Map.of("sort", "priority")));
        CasePage byDue = cases.page("benefits-horizontal", CaseQuery.parse(Map.of("sort", "due")));
        CasePage martine = cases.page("benefits-horizontal", CaseQuery.parse(Map.of("assignee", "martine.l")));
        CasePage complaintsInEnglish = cases.page("benefits-horizontal",
                CaseQuery.parse(Map.of("kind", "complaint", "language", "en")));
        CasePage french = cases.page("benefits-horizontal", CaseQuery.parse(Map.of("language", "fr")));

        // Then
        assertThat(byPriority.items()).extracting(CaseSummary::id).containsExactly(highSooner, highLater, low);
        assertThat(byDue.items()).extracting(CaseSummary::id).containsExactly(low, highSooner, highLater);
        assertThat(martine.items()).extracting(CaseSummary::id).containsExactly(highLater);
        assertThat(martine.items().get(0).status()).isEqualTo(CaseStatus.ASSIGNED);
        assertThat(complaintsInEnglish.total()).isEqualTo(3);
        assertThat(french.total()).isZero();
    }

    private static int migrationFiles() {
        try {
            return new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*.sql").length;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    private static CaseRepository repository(Database database) {
        DataSource dataSource = database.fresh();
        migrate(dataSource);
        return new CaseRepository(JdbcClient.create(dataSource), new NamedParameterJdbcTemplate(dataSource));
    }

    private String record(CaseRepository cases, String teamId, Priority priority, Instant routedAt) {
        ClassifiedPost post = ClassifiedPosts.about("employment-insurance", IssueKind.COMPLAINT);
        RoutedCase routedCase = caseOf(post, teamId, priority, routedAt);
        cases.recordIfAbsent(routedCase, eventOf(post, routedCase), new Source(0, offsets++));
        return routedCase.caseId();
    }

    private static RoutedCase caseOf(ClassifiedPost post, String teamId, Priority priority, Instant routedAt) {
        return new RoutedCase(RoutedCase.SCHEMA_VERSION, UUID.randomUUID().toString(), teamId, priority,
                routedAt.plus(Duration.ofMinutes(60)), "because of a test", post, routedAt);
    }

    /** What the listener does for each record: a candidate case with fresh ids. */
    private static Recorded recordAgain(CaseRepository cases, ClassifiedPost post, Instant routedAt, Source source) {
        RoutedCase candidate = caseOf(post, "benefits-horizontal", Priority.NORMAL, routedAt);
        return cases.recordIfAbsent(candidate, eventOf(post, candidate), source);
    }

    private static CaseEvent eventOf(ClassifiedPost post, RoutedCase routedCase) {
        return new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), routedCase.caseId(),
                CaseEventType.ROUTED, post.post().id(), routedCase.teamId(), "system", Map.of(), routedCase.routedAt());
    }
}
