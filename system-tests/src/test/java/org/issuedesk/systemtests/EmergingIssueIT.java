package org.issuedesk.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import tools.jackson.databind.JsonNode;

/**
 * Issue 8's whole chain through the running {@link SharedSystem}: posts sent to the gateway's batch endpoint are
 * classified, counted by the classifier's surge detector (Kafka Streams, event time = the posts' createdAt), its
 * alert on issues.alerts becomes one emerging-issue case in the owning team's queue, linked to the burst's cases.
 * A baseline of 5 posts per 10 minutes on fisheries-oceans (a file no other system test posts about) over the last
 * two hours, then a burst of 200 posts in the last 4 minutes: exactly one alert, one emerging-issue case.
 *
 * <p>Deterministic delivery: every post id is chosen so that its key falls in the same partition of posts.raw (and
 * so of posts.classified, which the classifier keys and orders alike), and the batches, in event-time order, are
 * each acknowledged before the next is sent: the detector reads the history in order, so no post is late. The
 * idle clock check is kept behind the history by the shared system's idle-after ({@link SharedSystem}).
 */
@SharedSystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmergingIssueIT {

    private static final String FILE = "fisheries-oceans";
    private static final String TEAM = "climate-horizontal";
    private static final int BASELINE_POSTS = 50;
    private static final Duration BASELINE_EVERY = Duration.ofMinutes(2);
    private static final int BURST_POSTS = 200;
    private static final Duration BURST_LENGTH = Duration.ofMinutes(4);
    private static final Duration WITHIN = Duration.ofSeconds(120);

    private IssueDeskProcesses system;
    private CommittedRecords records;
    private GatewayClient gateway;
    private String memberKey;
    private final List<String> baselineIds = new ArrayList<>();
    private final List<String> burstIds = new ArrayList<>();
    private Instant burstStart;

    @RegisterExtension
    final TestWatcher serviceLogsOnFailure = new ServiceLogsOnFailure(() -> system);

    @BeforeAll
    void sendABaselineThenABurst(SharedSystem shared) throws Exception {
        system = shared.processes();
        records = new CommittedRecords(shared.bootstrapServers());
        gateway = new GatewayClient(system.gateway());
        memberKey = system.apiKey(SharedSystem.CLIMATE_MEMBER);
        long started = System.nanoTime();

        // post ids whose keys all go to the partition of the first one, in posts.raw and posts.classified
        List<String> topics = List.of(Topics.POSTS_RAW.name(), Topics.POSTS_CLASSIFIED.name());
        Map<String, Integer> partitions = await().atMost(WITHIN).ignoreExceptions()
                .until(() -> records.partitionCounts(topics), counts -> counts.size() == topics.size());
        List<String> ids = IntStream.range(0, 100_000).mapToObj(i -> "emerge-" + i)
                .filter(id -> partitions.values().stream().allMatch(n ->
                        CommittedRecords.partitionOf("mastodon:" + id, n)
                                == CommittedRecords.partitionOf("mastodon:emerge-0", n)))
                .limit(BASELINE_POSTS + BURST_POSTS)
                .toList();

        // times on whole minutes, as the detector's windows are: the same counts, baseline and alert in every run
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant baselineStart = now.minus(BASELINE_EVERY.multipliedBy(BASELINE_POSTS)).minus(Duration.ofMinutes(20));
        // the baseline: one post every 2 minutes (5 per 10-minute window) from 2 h ago to 22 minutes ago, which
        // covers the detector's first window and its hour of warm-up
        List<String> baseline = new ArrayList<>();
        for (int i = 0; i < BASELINE_POSTS; i++) {
            String id = ids.get(i);
            baselineIds.add("mastodon:" + id);
            baseline.add(post(id, "@angler" + i,
                    "When does the snow crab season open in area %d this year? Any word from DFO?".formatted(i + 1),
                    baselineStart.plus(BASELINE_EVERY.multipliedBy(i))));
        }
        // the burst: 200 posts in the last 4 minutes, the same rumour over and over
        burstStart = now.minus(BURST_LENGTH);
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < BURST_POSTS; i++) {
            String id = ids.get(BASELINE_POSTS + i);
            burstIds.add("mastodon:" + id);
            burst.add(post(id, "@wharf" + i, ("Heard at the wharf: DFO is cancelling the whole lobster season next "
                    + "week and every trap has to be out by Friday. Pass it on to crew %d").formatted(i + 1),
                    burstStart.plus(BURST_LENGTH.multipliedBy(i).dividedBy(BURST_POSTS))));
        }
        // in event-time order, in batches each acknowledged (on posts.raw) before the next is sent
        for (int from = 0; from < baseline.size(); from += 10) {
            sendBatch(baseline.subList(from, Math.min(from + 10, baseline.size())));
        }
        for (int from = 0; from < burst.size(); from += 50) {
            sendBatch(burst.subList(from, Math.min(from + 50, burst.size())));
        }
        System.out.printf("EmergingIssueIT: %d baseline and %d burst posts accepted in %d ms%n", BASELINE_POSTS,
                BURST_POSTS, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @Test
    void shouldTurnABurstOfPostsIntoOneAlertAndOneEmergingIssueCaseLinkedToTheBurstsCases() throws Exception {
        // Then: the detector raises an alert on the file, from a window of the burst
        IssueAlert opened = await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> alerts().stream().filter(a -> a.state() == AlertState.OPEN).toList(),
                        found -> !found.isEmpty()).get(0);
        assertThat(opened.alertId()).startsWith(FILE);
        // the first window the burst is in: its first minute, 50 posts (the warm-up is over, the minimum of 20 met)
        assertThat(opened.windowEnd()).isEqualTo(burstStart.plus(Duration.ofMinutes(1)));
        assertThat(opened.count()).isEqualTo(50);
        assertThat(opened.baseline()).as("learned from the baseline of 5 per 10 minutes").isBetween(3.0, 5.5);
        assertThat(opened.samplePostIds()).isNotEmpty().allMatch(burstIds::contains);
        System.out.printf("EmergingIssueIT: alert %s opened with %d posts in the window to %s, baseline %s, score %s%n",
                opened.alertId(), opened.count(), opened.windowEnd(), opened.baseline(), opened.score());

        // Then: its emerging-issue case is in the owning team's queue, as a member of that team sees it
        String emergingPostId = "alert:" + opened.alertId();
        JsonNode emerging = await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> emergingCases(), found -> !found.isEmpty()).get(0);
        assertThat(emerging.get("postId").asString()).isEqualTo(emergingPostId);
        assertThat(emerging.get("teamId").asString()).isEqualTo(TEAM);
        assertThat(emerging.get("policyFile").asString()).isEqualTo(FILE);
        String emergingCaseId = emerging.get("id").asString();

        // Then: once every burst post is routed, the emerging-issue case's linked cases are exactly the burst's
        await().atMost(WITHIN).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                linkedCases(emergingCaseId).stream().map(c -> c.get("postId").asString()).toList())
                .containsExactlyInAnyOrderElementsOf(burstIds));

        // Then: a burst case names the emerging issue, a baseline case names none
        String burstCaseId = linkedCases(emergingCaseId).get(0).get("id").asString();
        JsonNode burstCase = getJson("/api/cases/" + burstCaseId);
        assertThat(burstCase.get("emergingIssue").get("caseId").asString()).isEqualTo(emergingCaseId);
        assertThat(burstCase.get("emergingIssue").get("alertId").asString()).isEqualTo(opened.alertId());
        JsonNode baselineCase = caseOfPost(baselineIds.get(baselineIds.size() - 1));
        JsonNode none = getJson("/api/cases/" + baselineCase.get("id").asString()).get("emergingIssue");
        assertThat(none == null || none.isNull()).as("a baseline case's emergingIssue: %s", none).isTrue();

        // Then: still exactly one alert (its updates as the burst grew carry the same id) and one emerging-issue
        // case, none raised for the baseline
        assertThat(alerts()).extracting(IssueAlert::alertId).containsOnly(opened.alertId());
        assertThat(emergingCases()).hasSize(1);
    }

    private static String post(String id, String author, String text, Instant createdAt) {
        return """
                {"id":"%s","platform":"mastodon","author":"%s","text":"%s","createdAt":"%s","lang":"en"}"""
                .formatted(id, author, text, createdAt);
    }

    private void sendBatch(List<String> posts) throws Exception {
        HttpResponse<String> answer = gateway.post("/api/posts/batch", "[" + String.join(",", posts) + "]",
                system.apiKey());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(EventJson.mapper().readTree(answer.body()).get("accepted").asInt()).as(answer.body())
                .isEqualTo(posts.size());
    }

    /** The alerts on this file, as published on issues.alerts. */
    private List<IssueAlert> alerts() {
        return records.all(Topics.ISSUES_ALERTS.name()).stream()
                .map(ConsumerRecord::value)
                .filter(IssueAlert.class::isInstance).map(IssueAlert.class::cast)
                .filter(a -> FILE.equals(a.policyFile()))
                .toList();
    }

    /** The emerging-issue cases of the file in the team's queue, through the gateway, as a team member sees it. */
    private List<JsonNode> emergingCases() throws Exception {
        return allPages("/api/teams/" + TEAM + "/cases?sort=priority&policyFile=" + FILE).stream()
                .filter(c -> "emerging".equals(c.get("caseType").asString()))
                .toList();
    }

    private JsonNode caseOfPost(String postId) throws Exception {
        return await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).until(
                () -> allPages("/api/teams/" + TEAM + "/cases?policyFile=" + FILE).stream()
                        .filter(c -> postId.equals(c.get("postId").asString())).findFirst().orElse(null),
                found -> found != null);
    }

    private List<JsonNode> linkedCases(String emergingCaseId) throws Exception {
        return allPages("/api/cases/" + emergingCaseId + "/linked?");
    }

    /** Every item of a paged list (pages of 100, the most the API gives). */
    private List<JsonNode> allPages(String path) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String separator = path.endsWith("?") ? "" : "&";
        for (int page = 0; ; page++) {
            JsonNode body = getJson(path + separator + "size=100&page=" + page);
            body.get("items").forEach(items::add);
            if (body.get("items").size() < 100) {
                return items;
            }
        }
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = gateway.get(path, memberKey);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }
}
