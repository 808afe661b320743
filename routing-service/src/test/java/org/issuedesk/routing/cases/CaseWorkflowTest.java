package org.issuedesk.routing.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.testsupport.TopicRecords;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.contracts.routing.RoutingFeedback;
import org.issuedesk.testsupport.TestDatabase;
import org.issuedesk.testsupport.TestIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import tools.jackson.databind.JsonNode;

/**
 * The case workflow over REST, on the real PostgreSQL and a real broker: claims (concurrent ones too),
 * responses with approval, notes, resolution, reroutes with feedback, balanced assignment, the SLA clock
 * (driven by a controllable clock). Every change must appear on cases.events, in order, with the event ids
 * of the case's history.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        // the test drives the SLA scan with its own clock
        "issuedesk.routing.sla.enabled=false",
        // the live streams' heartbeat, often enough for a test to see one
        "issuedesk.routing.updates.heartbeat=PT1S",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN"})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class CaseWorkflowTest {

    private static final TestDatabase.Schema DATABASE = TestDatabase.freshSchema();
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final Instant START = Instant.parse("2026-11-20T15:00:00Z");
    /** Every team of these tests: workflow actors may act on all of them (team scope has its own test). */
    private static final String[] ALL_TEAMS = {"benefits-horizontal", "travel-documents-horizontal", "tax-horizontal",
            "climate-horizontal", "workplace-horizontal", "triage", "approvals-team", "balanced-team", "filters-team"};

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    MockMvcTester mvc;

    /** For the live stream: MockMvcTester waits for an async request to end, a stream does not end. */
    @Autowired
    MockMvc mockMvc;

    @Autowired
    CaseUpdates updates;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    CaseIntake intake;

    @Autowired
    SlaClock sla;

    @Autowired
    MovableClock clock;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void shouldKeepEachTeamsCasesToItsOwnPeople() throws Exception {
        // Given a case of the benefits team, and callers the gateway vouched for
        String caseId = newCase("benefits-horizontal", "employment-insurance", IssueKind.QUESTION, "en");
        String outsider = TestIdentity.member("tom.tax", "tax-horizontal");
        String member = TestIdentity.member("bea.benefits", "benefits-horizontal");
        String lead = TestIdentity.lead("lea.benefits", "benefits-horizontal");
        String analyst = TestIdentity.analyst("anna.lyst");
        String ingest = TestIdentity.ingest("feed-bot");
        String note = "{\"text\": \"seen\"}";

        // Then a member of another team cannot tell the case exists, read it, act on it, or list its queue
        assertThat(as(outsider, mvc.get().uri("/api/cases/{id}", caseId))).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(as(outsider, mvc.post().uri("/api/cases/{id}/claim", caseId))).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(as(outsider, mvc.post().uri("/api/cases/{id}/notes", caseId).contentType(MediaType.APPLICATION_JSON)
                .content(note))).hasStatus(HttpStatus.NOT_FOUND);
        MvcTestResult outsiderQueue = as(outsider, mvc.get().uri("/api/teams/benefits-horizontal/cases"));
        assertThat(outsiderQueue).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(outsiderQueue.getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain(caseId);
        assertThat(as(ingest, mvc.get().uri("/api/cases/{id}", caseId))).hasStatus(HttpStatus.NOT_FOUND);
        // Then the analyst reads everything and changes nothing
        assertThat(as(analyst, mvc.get().uri("/api/cases/{id}", caseId))).hasStatusOk();
        assertThat(as(analyst, mvc.get().uri("/api/teams/benefits-horizontal/cases"))).hasStatusOk();
        assertThat(as(analyst, mvc.post().uri("/api/cases/{id}/notes", caseId).contentType(MediaType.APPLICATION_JSON)
                .content(note))).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(as(analyst, mvc.post().uri("/api/cases/{id}/claim", caseId))).hasStatus(HttpStatus.FORBIDDEN);
        // Then the team's own people read and act; the lead claims it
        assertThat(as(member, mvc.get().uri("/api/teams/benefits-horizontal/cases"))).hasStatusOk();
        assertThat(as(member, mvc.post().uri("/api/cases/{id}/notes", caseId).contentType(MediaType.APPLICATION_JSON)
                .content(note))).hasStatusOk();
        assertThat(as(lead, mvc.post().uri("/api/cases/{id}/claim", caseId))).hasStatusOk();
        assertThat(assignee(caseId)).isEqualTo("lea.benefits");
        // Then teams are read by any role and changed by admins only
        assertThat(as(analyst, mvc.get().uri("/api/teams"))).hasStatusOk();
        assertThat(as(lead, mvc.delete().uri("/api/teams/benefits-horizontal"))).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(as(member, mvc.put().uri("/api/teams/benefits-horizontal").contentType(MediaType.APPLICATION_JSON)
                .content("{}"))).hasStatus(HttpStatus.FORBIDDEN);
    }

    private static MvcTestResult as(String token, MockMvcTester.MockMvcRequestBuilder request) {
        return request.header(TestIdentity.HEADER, token).exchange();
    }

    @Test
    void shouldLetExactlyOneOfTwoConcurrentClaimsWin() throws Exception {
        // Given an open case
        String caseId = newCase("benefits-horizontal", "employment-insurance", IssueKind.COMPLAINT, "en");

        // When two people claim it at the same moment
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Integer> martine = () -> {
            together.await(10, TimeUnit.SECONDS);
            return mvc.post().uri("/api/cases/{id}/claim", caseId).header(TestIdentity.HEADER, actor("martine.l")).exchange().getResponse().getStatus();
        };
        Callable<Integer> ravi = () -> {
            together.await(10, TimeUnit.SECONDS);
            return mvc.post().uri("/api/cases/{id}/claim", caseId).header(TestIdentity.HEADER, actor("ravi.s")).exchange().getResponse().getStatus();
        };
        Future<Integer> first = threads.submit(martine);
        Future<Integer> second = threads.submit(ravi);

        // Then one wins, the other gets 409, and the case has one claim, by the winner
        List<Integer> statuses = List.of(first.get(20, TimeUnit.SECONDS), second.get(20, TimeUnit.SECONDS));
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        String winner = statuses.get(0) == 200 ? "martine.l" : "ravi.s";
        JsonNode details = json(mvc.get().uri("/api/cases/{id}", caseId));
        assertThat(details.get("status").asString()).isEqualTo("claimed");
        assertThat(details.get("assignee").asString()).isEqualTo(winner);
        List<JsonNode> claims = details.get("history").valueStream().filter(e -> e.get("type").asString().equals("claimed")).toList();
        assertThat(claims).singleElement().satisfies(e -> assertThat(e.get("actor").asString()).isEqualTo(winner));
        assertThat(await().atMost(WITHIN).until(() -> caseEvents(caseId), l -> l.size() == 2))
                .extracting(CaseEvent::type).containsExactly(CaseEventType.ROUTED, CaseEventType.CLAIMED);
    }

    @Test
    void shouldTakeACaseThroughClaimResponseApprovalNoteAndResolutionWithEveryEventOnTheTopic() throws Exception {
        // Given a team whose responses need its policy member's approval, and one of its cases
        putTeam("approvals-team", """
                {"name": {"en": "Approvals", "fr": "Approbations"}, "firstResponseSlaMinutes": 30, "owns": ["approved-file"],
                 "responseApproval": true,
                 "members": [{"handle": "pol.a", "function": "policy", "lead": true}, {"handle": "com.b", "function": "communications"}]}""");
        String caseId = newCase("approvals-team", "approved-file", IssueKind.MISINFORMATION, "en");

        // When the communications member claims it and responds
        assertThat(post(caseId, "claim", "com.b", null)).hasStatusOk();
        MvcTestResult responded = post(caseId, "respond", "com.b", """
                {"textEn": "The benefit is not ending; see our update.", "textFr": "La prestation ne prend pas fin.",
                 "channel": "mastodon", "link": "https://www.canada.ca/en/news/update.html"}""");

        // Then the response waits for approval, which only the policy member can give
        assertThat(responded).hasStatusOk();
        assertThat(responded).bodyJson().extractingPath("$.status").isEqualTo("awaiting-approval");
        assertThat(responded).bodyJson().extractingPath("$.firstResponseAt").isNull();
        assertThat(post(caseId, "approve", "com.b", null)).hasStatus(HttpStatus.FORBIDDEN);
        clock.advance(Duration.ofMinutes(5));
        MvcTestResult approved = post(caseId, "approve", "pol.a", null);
        assertThat(approved).hasStatusOk();
        assertThat(approved).bodyJson().extractingPath("$.status").isEqualTo("responded");
        assertThat(approved).bodyJson().extractingPath("$.firstResponseAt").isEqualTo(clock.instant().toString());

        // When a note is added and the case is resolved; then resolving again is a conflict
        assertThat(post(caseId, "notes", "pol.a", "{\"text\": \"Shared with the minister's office.\"}")).hasStatusOk();
        assertThat(post(caseId, "resolve", "com.b", "{\"resolution\": \"Corrected publicly.\"}")).hasStatusOk();
        assertThat(post(caseId, "resolve", "com.b", null)).hasStatus(HttpStatus.CONFLICT)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        // Then the history has every change with who did it, and cases.events has the same events in order
        JsonNode details = json(mvc.get().uri("/api/cases/{id}", caseId));
        assertThat(details.get("status").asString()).isEqualTo("resolved");
        List<String> types = details.get("history").valueStream().map(e -> e.get("type").asString()).toList();
        assertThat(types).containsExactly("routed", "claimed", "responded", "approved", "noted", "resolved");
        assertThat(details.get("history").get(2).get("details").get("textFr").asString()).isEqualTo("La prestation ne prend pas fin.");
        assertThat(details.get("history").get(2).get("details").get("approval").asString()).isEqualTo("pending");
        assertThat(details.get("history").get(3).get("actor").asString()).isEqualTo("pol.a");
        List<String> historyIds = details.get("history").valueStream().map(e -> e.get("eventId").asString()).toList();
        assertThat(await().atMost(WITHIN).until(() -> caseEvents(caseId), l -> l.size() == 6))
                .extracting(CaseEvent::eventId).containsExactlyElementsOf(historyIds);
    }

    @Test
    void shouldRerouteToAnotherPolicyFileIntoItsOwnersQueueAndTeachTheClassifier() throws Exception {
        // Given a case of the benefits team about pensions
        String caseId = newCase("benefits-horizontal", "pensions", IssueKind.QUESTION, "en");
        assertThat(post(caseId, "claim", "gordon.b", null)).hasStatusOk();

        // When it is rerouted to passports as misinformation
        MvcTestResult rerouted = post(caseId, "reroute", "gordon.b",
                "{\"policyFile\": \"passports\", \"issueKind\": \"misinformation\", \"reason\": \"about passport fees\"}");

        // Then it restarts open in the travel documents team's queue, high priority, with a new due time
        assertThat(rerouted).hasStatusOk();
        JsonNode details = json(mvc.get().uri("/api/cases/{id}", caseId));
        assertThat(details.get("teamId").asString()).isEqualTo("travel-documents-horizontal");
        assertThat(details.get("policyFile").asString()).isEqualTo("passports");
        assertThat(details.get("status").asString()).isEqualTo("open");
        assertThat(details.get("assignee").isNull()).isTrue();
        assertThat(details.get("priority").asString()).isEqualTo("high");
        assertThat(Instant.parse(details.get("dueBy").asString())).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        String postId = details.get("postId").asString();
        RoutedCase queued = await().atMost(WITHIN).until(() -> records(Topics.teamQueue("travel-documents-horizontal").name())
                .stream().filter(r -> postId.equals(r.key())).map(r -> EventJson.mapper().readValue(r.value(), RoutedCase.class))
                .toList(), l -> l.size() == 1).get(0);
        assertThat(queued.caseId()).isEqualTo(caseId);
        assertThat(queued.reason()).contains("rerouted to travel-documents-horizontal by gordon.b", "about passport fees");
        // and the correction went to routing.feedback for the classifier
        RoutingFeedback feedback = await().atMost(WITHIN).until(() -> records(Topics.ROUTING_FEEDBACK.name()).stream()
                .filter(r -> postId.equals(r.key())).map(r -> EventJson.mapper().readValue(r.value(), RoutingFeedback.class))
                .toList(), l -> l.size() == 1).get(0);
        assertThat(feedback.previousPolicyFile()).isEqualTo("pensions");
        assertThat(feedback.policyFile()).isEqualTo("passports");
        assertThat(feedback.previousIssueKind()).isEqualTo(IssueKind.QUESTION);
        assertThat(feedback.issueKind()).isEqualTo(IssueKind.MISINFORMATION);
        assertThat(feedback.actor()).isEqualTo("gordon.b");
        assertThat(feedback.text()).isNotBlank();
        assertThat(await().atMost(WITHIN).until(() -> caseEvents(caseId), l -> l.size() == 3))
                .extracting(CaseEvent::type).containsExactly(CaseEventType.ROUTED, CaseEventType.CLAIMED, CaseEventType.REROUTED);
    }

    @Test
    void shouldAssignFairlyWithinCapacityNeverToAnAwayMemberFrenchToAFrenchSpeakerAndLaterWhenSomeoneCan() throws Exception {
        // Given a balanced team: ann (policy, English), bruno (communications, French), carl (away); one case each at most
        putTeam("balanced-team", """
                {"name": {"en": "Balanced", "fr": "Équilibrée"}, "firstResponseSlaMinutes": 60, "owns": ["balanced-file"],
                 "assignment": "balanced",
                 "members": [{"handle": "ann", "function": "policy", "capacity": 1},
                             {"handle": "bruno", "function": "communications", "languages": ["fr", "en"], "capacity": 1},
                             {"handle": "carl", "function": "communications", "availability": "away", "capacity": 5}]}""");

        // When a French complaint, then two English complaints arrive
        String french = newCase("balanced-team", "balanced-file", IssueKind.COMPLAINT, "fr");
        String english = newCase("balanced-team", "balanced-file", IssueKind.COMPLAINT, "en");
        String waiting = newCase("balanced-team", "balanced-file", IssueKind.COMPLAINT, "en");

        // Then the French one goes to bruno, the next to ann (bruno is full, carl away), the last waits
        assertThat(assignee(french)).isEqualTo("bruno");
        assertThat(assignee(english)).isEqualTo("ann");
        assertThat(assignee(waiting)).isNull();
        assertThat(json(mvc.get().uri("/api/cases/{id}", waiting)).get("status").asString()).isEqualTo("open");

        // When bruno resolves his case, his capacity frees up: the waiting case goes to him
        assertThat(post(french, "resolve", "bruno", null)).hasStatusOk();
        assertThat(assignee(waiting)).isEqualTo("bruno");
        assertThat(json(mvc.get().uri("/api/teams/balanced-team/cases?assignee=bruno&status=assigned")).get("total").asLong())
                .isEqualTo(1);
        assertThat(await().atMost(WITHIN).until(() -> caseEvents(waiting), l -> l.size() == 2))
                .extracting(CaseEvent::type).containsExactly(CaseEventType.ROUTED, CaseEventType.ASSIGNED);

        // When another case waits (everyone available is full) and carl comes back
        String another = newCase("balanced-team", "balanced-file", IssueKind.COMPLAINT, "en");
        assertThat(assignee(another)).isNull();
        putTeam("balanced-team", """
                {"name": {"en": "Balanced", "fr": "Équilibrée"}, "firstResponseSlaMinutes": 60, "owns": ["balanced-file"],
                 "assignment": "balanced",
                 "members": [{"handle": "ann", "function": "policy", "capacity": 1},
                             {"handle": "bruno", "function": "communications", "languages": ["fr", "en"], "capacity": 1},
                             {"handle": "carl", "function": "communications", "availability": "available", "capacity": 5}]}""");

        // Then it goes to carl at once
        assertThat(assignee(another)).isEqualTo("carl");
    }

    @Test
    void shouldAssignAHighReachAuthorsComplaintToMediaRelationsFromTheStoredFollowerCount() throws Exception {
        // Given a balanced team with a communications member and a media-relations member, both free
        putTeam("reach-team", """
                {"name": {"en": "Reach", "fr": "Portée"}, "firstResponseSlaMinutes": 60, "owns": ["reach-file"],
                 "assignment": "balanced",
                 "members": [{"handle": "cora", "function": "communications", "capacity": 5},
                             {"handle": "mel", "function": "media-relations", "capacity": 5}]}""");

        // When a complaint by an author with 25,000 followers arrives, then one whose count is unknown
        String highReach = newCase("reach-team",
                ClassifiedPosts.by("@someone", 25_000L, "reach-file", IssueKind.COMPLAINT, "en"));
        String unknownReach = newCase("reach-team",
                ClassifiedPosts.by("@someone", null, "reach-file", IssueKind.COMPLAINT, "en"));

        // Then the count, read back from the stored post, puts media relations first; otherwise communications
        assertThat(assignee(highReach)).isEqualTo("mel");
        assertThat(assignee(unknownReach)).isEqualTo("cora");
    }

    @Test
    void shouldEscalateABreachedCaseOnceRaisingPriorityReassigningAndNotifyingTheLead() throws Exception {
        // Given a case of the tax team (SLA 120 minutes) claimed by sophie.g, who does not respond
        String caseId = newCase("tax-horizontal", "tax-benefits", IssueKind.COMPLAINT, "en");
        assertThat(post(caseId, "claim", "sophie.g", null)).hasStatusOk();

        // When the SLA clock scans before the due time, then after it, then again
        // (other tests' cases may breach too: the assertions are about this one)
        clock.advance(Duration.ofMinutes(119));
        sla.scan();
        JsonNode beforeDue = json(mvc.get().uri("/api/cases/{id}", caseId));
        clock.advance(Duration.ofMinutes(2));
        int escalated = sla.scan();
        sla.scan();

        // Then the case is escalated once: priority raised, given to another available member, leads notified
        assertThat(beforeDue.get("escalatedAt").isNull()).isTrue();
        assertThat(escalated).isPositive();
        JsonNode details = json(mvc.get().uri("/api/cases/{id}", caseId));
        assertThat(details.get("history").valueStream().filter(e -> e.get("type").asString().equals("escalated"))).hasSize(1);
        assertThat(details.get("priority").asString()).isEqualTo("high");
        assertThat(details.get("assignee").asString()).isNotEqualTo("sophie.g");
        assertThat(details.get("status").asString()).isEqualTo("assigned");
        assertThat(details.get("escalatedAt").asString()).isEqualTo(clock.instant().toString());
        JsonNode escalation = details.get("history").get(2);
        assertThat(escalation.get("type").asString()).isEqualTo("escalated");
        assertThat(escalation.get("details").get("notify").asString()).isEqualTo("omar.f");
        assertThat(escalation.get("details").get("previousAssignee").asString()).isEqualTo("sophie.g");
        assertThat(await().atMost(WITHIN).until(() -> caseEvents(caseId), l -> l.size() == 3).get(2))
                .satisfies(event -> {
                    assertThat(event.type()).isEqualTo(CaseEventType.ESCALATED);
                    assertThat(event.details()).containsEntry("priority", Priority.HIGH.id());
                });
    }

    @Test
    void shouldAnswerProblemJsonForAMissingActorAnUnknownCaseAndAnEmptyResponse() {
        String caseId = newCase("triage", null, IssueKind.OTHER, "en");

        // no verified identity: MockMvc would add test-support's admin, so the header is there but no valid token
        assertThat(mvc.post().uri("/api/cases/{id}/claim", caseId).header(TestIdentity.HEADER, "not-a-token").exchange())
                .hasStatus(HttpStatus.UNAUTHORIZED)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(post("no-such-case", "claim", "m.desk", null)).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(post(caseId, "respond", "m.desk", "{\"channel\": \"mastodon\"}")).hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        MvcTestResult badLink = post(caseId, "respond", "m.desk", "{\"textEn\": \"Hi\", \"channel\": \"x\", \"link\": \"javascript:x\"}");
        assertThat(badLink).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(badLink).bodyJson().extractingPath("$.errors[0].field").isEqualTo("link");
        assertThat(post(caseId, "notes", "m.desk", "{\"text\": \"\"}")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(post(caseId, "reroute", "m.desk", "{\"teamId\": \"no-such-team\"}")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void shouldShowTheClassificationAsRoutedAndFilterTheQueueOnTheServer() throws Exception {
        // Given a team with two files: cases of several kinds, states and due times (each routed a minute later)
        putTeam("filters-team", """
                {"name": {"en": "Filters", "fr": "Filtres"}, "firstResponseSlaMinutes": 60, "owns": ["filter-a", "filter-b"],
                 "members": [{"handle": "fay", "function": "policy", "languages": ["en", "fr"]}]}""");
        String misinformation = newCase("filters-team", "filter-a", IssueKind.MISINFORMATION, "en");
        clock.advance(Duration.ofMinutes(1));
        String frenchQuestion = newCase("filters-team", "filter-b", IssueKind.QUESTION, "fr");
        clock.advance(Duration.ofMinutes(1));
        String claimed = newCase("filters-team", "filter-a", IssueKind.COMPLAINT, "en");
        String resolved = newCase("filters-team", "filter-a", IssueKind.PRAISE, "en");
        assertThat(post(claimed, "claim", "fay", null)).hasStatusOk();
        assertThat(post(resolved, "resolve", "fay", null)).hasStatusOk();

        // Then a case carries the classifier's reading it was routed on: tags, confidences, evidence
        JsonNode details = json(mvc.get().uri("/api/cases/{id}", misinformation));
        JsonNode classification = details.get("classification");
        assertThat(classification.get("policyFile").asString()).isEqualTo("filter-a");
        assertThat(classification.get("confidence").asDouble()).isEqualTo(0.92);
        assertThat(classification.get("issueKind").asString()).isEqualTo("misinformation");
        assertThat(classification.get("issueKindConfidence").asDouble()).isEqualTo(0.8);
        assertThat(classification.get("language").asString()).isEqualTo("en");
        assertThat(classification.get("evidence").valueStream().map(JsonNode::asString)).containsExactly("matched 'EI claim'");

        // Then the queue filters on the server: several statuses, most urgent first then soonest due
        assertThat(ids("/api/teams/filters-team/cases?status=open,claimed&sort=priority"))
                .containsExactly(misinformation, frenchQuestion, claimed);
        assertThat(ids("/api/teams/filters-team/cases?status=open&status=claimed&sort=priority"))
                .containsExactly(misinformation, frenchQuestion, claimed);
        assertThat(ids("/api/teams/filters-team/cases?status=active&sort=priority"))
                .containsExactly(misinformation, frenchQuestion, claimed);
        assertThat(ids("/api/teams/filters-team/cases?sort=priority")).hasSize(4).contains(resolved);
        assertThat(ids("/api/teams/filters-team/cases?policyFile=filter-b")).containsExactly(frenchQuestion);
        assertThat(ids("/api/teams/filters-team/cases?assignee=none&status=active&sort=due"))
                .containsExactly(misinformation, frenchQuestion);
        assertThat(ids("/api/teams/filters-team/cases?assignee=fay&policyFile=filter-a&status=claimed"))
                .containsExactly(claimed);
        // and across the caller's teams, in one list
        assertThat(ids("/api/cases?team=filters-team,benefits-horizontal&policyFile=filter-b")).containsExactly(frenchQuestion);
        String outsider = TestIdentity.member("tom.tax", "tax-horizontal");
        assertThat(as(outsider, mvc.get().uri("/api/cases?team=filters-team"))).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(json(mvc.get().uri("/api/cases?policyFile=filter-b").header(TestIdentity.HEADER,
                TestIdentity.member("fay", "filters-team"))).get("total").asLong()).isEqualTo(1);

        // Then every bad value is a 400 problem naming its parameter
        MvcTestResult bad = mvc.get().uri("/api/teams/filters-team/cases?status=open,closed&policyFile=Filter_A&assignee=-x")
                .exchange();
        assertThat(bad).hasStatus(HttpStatus.BAD_REQUEST).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(bad).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("status", "policyFile", "assignee");
        assertThat(mvc.get().uri("/api/teams/filters-team/cases?status=open&status=nope").exchange())
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("status");
        assertThat(mvc.get().uri("/api/cases?team=no-such-team").exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void shouldStreamTheChangesOfATeamsCasesToItsOwnPeopleOnly() throws Exception {
        // Given a case of the benefits team, and the stream's consumer at the end of cases.events
        await().atMost(WITHIN).until(updates::reading);
        String caseId = newCase("benefits-horizontal", "employment-insurance", IssueKind.COMPLAINT, "en");
        String member = TestIdentity.member("bea.benefits", "benefits-horizontal");

        // When a member opens the team's stream and a colleague claims the case
        MvcResult stream = mockMvc.perform(get("/api/teams/benefits-horizontal/cases/events")
                        .header(TestIdentity.HEADER, member).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted())
                .andReturn();
        assertThat(post(caseId, "claim", "martine.l", null)).hasStatusOk();

        // Then the stream starts with "ready", announces the claim with the case's status, and has heartbeats
        List<JsonNode> updates = await().atMost(WITHIN).until(() -> streamed(stream, caseId),
                list -> list.stream().anyMatch(u -> u.get("type").asString().equals("claimed")));
        JsonNode claim = updates.stream().filter(u -> u.get("type").asString().equals("claimed")).findFirst().orElseThrow();
        assertThat(claim.get("status").asString()).isEqualTo("claimed");
        assertThat(claim.get("teamId").asString()).isEqualTo("benefits-horizontal");
        assertThat(stream.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        String body = await().atMost(WITHIN).until(() -> stream.getResponse().getContentAsString(StandardCharsets.UTF_8),
                text -> text.contains("\n:heartbeat"));
        assertThat(body).startsWith("event:ready\n").contains("event:case\nid:");

        // Then a member of another team gets no stream of it, alone or among teams
        String outsider = TestIdentity.member("tom.tax", "tax-horizontal");
        for (String path : List.of("/api/teams/benefits-horizontal/cases/events", "/api/cases/events?team=benefits-horizontal")) {
            MvcResult refused = mockMvc.perform(get(path).header(TestIdentity.HEADER, outsider)
                    .accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)).andReturn();
            assertThat(refused.getResponse().getStatus()).isEqualTo(403);
            assertThat(refused.getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain(caseId);
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    /** The data of the case events a stream sent so far about one case. */
    private static List<JsonNode> streamed(MvcResult stream, String caseId) throws Exception {
        return stream.getResponse().getContentAsString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("data:") && line.contains(caseId))
                .map(line -> EventJson.mapper().readTree(line.substring("data:".length())))
                .toList();
    }

    private List<String> ids(String uri) throws Exception {
        return json(mvc.get().uri(uri)).get("items").valueStream().map(c -> c.get("id").asString()).toList();
    }

    private long offsets = 1_000_000;

    /** A case as routing makes it (through the same intake as the listener), routed now. */
    private String newCase(String teamId, String policyFile, IssueKind kind, String language) {
        return newCase(teamId, ClassifiedPosts.by("@someone", policyFile, kind, language));
    }

    private String newCase(String teamId, ClassifiedPost classified) {
        IssueKind kind = classified.issueKind();
        Instant now = clock.instant();
        String caseId = UUID.randomUUID().toString();
        int slaMinutes = switch (teamId) {
            case "tax-horizontal" -> 120;
            case "approvals-team", "travel-documents-horizontal" -> 30;
            default -> 60;
        };
        RoutedCase routedCase = new RoutedCase(RoutedCase.SCHEMA_VERSION, caseId, teamId, CaseRouter.priorityOf(kind),
                now.plus(Duration.ofMinutes(slaMinutes)), "test", classified, now);
        CaseEvent routed = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), caseId,
                CaseEventType.ROUTED, classified.post().id(), teamId, "system", Map.of(), now);
        CaseIntake.Intake recorded = intake.record(routedCase, routed, new CaseRepository.Source(7, offsets++));
        // routing publishes these in its Kafka transaction; here the test publishes them the same way
        kafka.executeInTransaction(ops -> {
            recorded.events().forEach(e -> ops.send(Topics.CASES_EVENTS.name(), e.caseId(), e));
            return null;
        });
        return caseId;
    }

    private String assignee(String caseId) throws Exception {
        JsonNode value = json(mvc.get().uri("/api/cases/{id}", caseId)).get("assignee");
        return value == null || value.isNull() ? null : value.asString();
    }

    private void putTeam(String id, String body) throws Exception {
        MvcTestResult result = mvc.put().uri("/api/teams/{id}", id).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isIn(200, 201);
    }

    /** A lead and member of every team: what these workflow tests check is the workflow, not the scope. */
    private static String actor(String handle) {
        return TestIdentity.lead(handle, ALL_TEAMS);
    }

    private MvcTestResult post(String caseId, String action, String actor, String body) {
        var request = mvc.post().uri("/api/cases/{id}/" + action, caseId).header(TestIdentity.HEADER, actor(actor));
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return request.exchange();
    }

    private JsonNode json(MockMvcTester.MockMvcRequestBuilder request) throws Exception {
        MvcTestResult result = request.exchange();
        assertThat(result).hasStatusOk();
        return EventJson.mapper().readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private List<CaseEvent> caseEvents(String caseId) {
        return records(Topics.CASES_EVENTS.name()).stream()
                .filter(r -> caseId.equals(r.key()))
                .map(r -> EventJson.mapper().readValue(r.value(), CaseEvent.class))
                .toList();
    }

    /** Every committed record of a topic, as a read_committed consumer sees it now. */
    private List<ConsumerRecord<String, byte[]>> records(String topic) {
        return TopicRecords.committed(broker.getBrokersAsString(), topic);
    }
}
