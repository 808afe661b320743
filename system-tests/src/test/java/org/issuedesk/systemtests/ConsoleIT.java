package org.issuedesk.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.IssueAlert;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import tools.jackson.databind.JsonNode;

/**
 * The web console in a real headless browser (Debian's chromium, driven by its chromedriver) against the system as
 * it ships: a member of the benefits team signs in with an API key, sees a freshly ingested post arrive in the
 * queue, claims it, responds in English and French, resolves it and reads the history; a member of another team
 * never sees it; a surge alert becomes an emerging-issue case with its badge, its linked cases and the banner on
 * the linked post's case. On the {@link SharedSystem} (its benefits and travel-documents members' keys, its own post ids
 * console-...); the tests run in order and share the browser.
 */
@SharedSystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("issuedesk.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("issuedesk.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("issuedesk.screenshots-dir", "target/console-screenshots"));
    private static final Duration ARRIVES_WITHIN = Duration.ofSeconds(60);
    /** Generous: on a crowded 2-core machine a page load and its first API calls can take many seconds. */
    private static final Duration UI_WITHIN = Duration.ofSeconds(45);

    private static final String BENEFITS = "benefits-horizontal";
    /** A member of the benefits team (a handle of the shipped teams) and a member of the travel-documents team. */
    private static final String MEMBER = SharedSystem.BENEFITS_MEMBER;
    private static final String OTHER_MEMBER = SharedSystem.TRAVEL_MEMBER;

    private static final String POST_ID = "mastodon:console-1";
    private static final String POST_TEXT = "Still no news on my EI claim after 6 weeks. Who do I even call?";
    private static final String PASSPORT_POST_ID = "mastodon:console-passport-1";
    private static final String SURGE_POST_ID = "mastodon:console-surge-1";

    private IssueDeskProcesses system;
    private String memberKey;
    private String otherKey;
    private GatewayClient gateway;
    private String bootstrapServers;
    private ChromeDriver browser;
    private long startedAt;

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                screenshot("failed-" + context.getRequiredTestMethod().getName());
            }
            ServiceLogsOnFailure.print(system, context);
        }
    };

    @BeforeAll
    void startBrowser(SharedSystem shared) throws IOException {
        // CI installs them (.ci/run); without them this test fails rather than skip, so a missing browser is seen
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("ConsoleIT needs Debian's chromium and chromium-driver (%s, %s): "
                        + "apt-get install -y chromium chromium-driver (.ci/run does)", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        startedAt = System.nanoTime();
        system = shared.processes();
        memberKey = system.apiKey(MEMBER);
        otherKey = system.apiKey(OTHER_MEMBER);
        gateway = new GatewayClient(system.gateway());
        bootstrapServers = shared.bootstrapServers();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=en-CA");
        // the driver is given: Selenium Manager has nothing to look up or download
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        System.out.printf("ConsoleIT: shared system and browser ready in %d s%n",
                Duration.ofNanos(System.nanoTime() - startedAt).toSeconds());
    }

    @AfterAll
    void stopBrowser() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            System.out.printf("ConsoleIT: %d s in all%n", Duration.ofNanos(System.nanoTime() - startedAt).toSeconds());
        }
    }

    @Test
    @Order(1)
    void shouldShowAFreshPostInTheMembersQueueAndWorkItToResolution() throws Exception {
        // Given a member of the benefits team signed in to the console
        signIn(memberKey, MEMBER);
        assertThat(browser.findElements(By.cssSelector("#f-team option")))
                .extracting(option -> option.getAttribute("value")).containsExactly("", BENEFITS);

        // When a post about Employment Insurance is ingested through the gateway (with a few more for the team)
        ingest(POST_ID, "en", POST_TEXT);
        ingestSamplePosts();

        // Then it arrives in the queue by itself (live updates), without a reload
        arrival().untilAsserted(() -> {
            WebElement row = rowOf(POST_ID);
            assertThat(row).as("the post's row").isNotNull();
            assertThat(row.getAttribute("data-status")).isEqualTo("open");
            assertThat(row.getText()).contains("Still no news on my EI claim");
        });
        awaitRows(4);
        screenshot("console-queue");

        // When the member opens it (the queue may be redrawn by a poll at any moment: find the row afresh)
        ui().ignoreExceptions().untilAsserted(() ->
                rowOf(POST_ID).findElement(By.cssSelector("button.open-case")).click());
        awaitCaseStatus("open");
        // Then the post, its tags, the routing explanation and the first event of the history show
        assertThat(text(By.id("case-text"))).isEqualTo(POST_TEXT);
        assertThat(browser.findElement(By.id("case-original")).getAttribute("href"))
                .isEqualTo("https://mastodon.example/@someone/console-1");
        assertThat(text(By.id("case-reason"))).contains(BENEFITS);
        assertThat(historyTypes()).containsExactly("routed");
        ui().until(() -> !browser.findElements(By.id("case-confidence")).isEmpty());

        // When they claim it
        click(By.id("action-claim"));
        // Then it is theirs
        awaitCaseStatus("claimed");
        assertThat(text(By.id("case-assignee"))).isEqualTo(MEMBER);

        // When they send a response whose link is not a URL
        type(By.id("respond-en"), "We are sorry for the delay; here is how to check your claim.");
        type(By.id("respond-fr"), "Désolés du délai; voici comment suivre votre demande.");
        type(By.id("respond-link"), "not a link");
        click(By.id("respond-submit"));
        // Then the API's problem shows as a readable message naming the field, not as JSON
        WebElement message = ui().until(() -> first(By.cssSelector("#messages .message")),
                found -> found != null);
        assertThat(message.getText()).contains("link").contains("http").doesNotContain("{").doesNotContain("\"status\"");
        assertThat(caseStatus()).isEqualTo("claimed");

        // When they correct the link and respond in both languages
        browser.findElement(By.id("respond-link")).clear();
        type(By.id("respond-link"), "https://mastodon.example/@department/1");
        click(By.id("respond-submit"));
        // Then the case is responded, with both texts in its history
        awaitCaseStatus("responded");
        assertThat(browser.findElements(By.cssSelector("#messages .message"))).isEmpty();
        String responded = text(By.cssSelector("#history li[data-type='responded']"));
        assertThat(responded).contains("We are sorry for the delay").contains("Désolés du délai");
        // the case from its top (the post, its tags, why this team), as a person opening it sees it
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0); document.getElementById('case').scrollTop = 0");
        screenshot("console-case");

        // When they resolve it
        type(By.id("resolve-resolution"), "Answered publicly.");
        click(By.id("resolve-submit"));
        // Then it is resolved, and the history tells the whole story, oldest first
        awaitCaseStatus("resolved");
        assertThat(historyTypes()).containsExactly("routed", "claimed", "responded", "resolved");
        assertThat(text(By.cssSelector("#history li[data-type='claimed']"))).contains(MEMBER);
        // and the queue, by default the unresolved cases, no longer lists it
        ui().until(() -> rowOf(POST_ID) == null);
    }

    @Test
    @Order(2)
    void shouldShowTheInterfaceInFrenchAndRememberTheChoice() {
        signIn(memberKey, MEMBER);
        click(By.id("lang-toggle"));
        assertThat(text(By.cssSelector("h1"))).isEqualTo("Console du Bureau des enjeux");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");

        browser.navigate().refresh();
        // still French, still signed in (the key is kept for the tab)
        ui().until(() -> text(By.id("queue-heading")).equals("File"));
        assertThat(text(By.id("who-name"))).contains(MEMBER);

        click(By.id("lang-toggle"));
        assertThat(text(By.id("queue-heading"))).isEqualTo("Queue");
    }

    @Test
    @Order(3)
    void shouldNotShowTheCaseToAMemberOfAnotherTeam() throws Exception {
        // Given a post for the travel-documents team, so that its member's queue has something to show
        ingest(PASSPORT_POST_ID, "en", "My passport renewal has been stuck for 3 months and nobody at Passport Canada answers.");

        // When a member of that team signs in, and the status filter shows every case (resolved ones too)
        signIn(otherKey, OTHER_MEMBER);
        new Select(browser.findElement(By.id("f-status"))).selectByValue("");

        // Then their own team's post arrives, and the benefits team's case never shows
        arrival()
                .until(() -> rowOf(PASSPORT_POST_ID) != null);
        assertThat(rowOf(POST_ID)).isNull();
        assertThat(browser.findElements(By.cssSelector("#f-team option")))
                .extracting(option -> option.getAttribute("value")).doesNotContain(BENEFITS);
        // and the gateway refuses them the benefits team's queue outright
        HttpResponse<String> refused = gateway.get("/api/teams/" + BENEFITS + "/cases", otherKey);
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void shouldShowAnEmergingIssueAsACaseWithItsLinkedCases() throws Exception {
        // Given a post of the benefits team, created two days ago in a window of its own (no other test's posts)
        Instant windowStart = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        ingest(SURGE_POST_ID, "en", "My EI claim has been stuck for five weeks and the Employment Insurance line hangs up on me.",
                windowStart.plus(4, ChronoUnit.MINUTES));
        JsonNode routed = arrival().until(() -> caseOfPost(SURGE_POST_ID), found -> found != null);
        String policyFile = routed.get("policyFile").asString();
        assertThat(policyFile).as("a file of the benefits team").isIn("employment-insurance", "pensions");

        // When the surge detector's alert on that file, over a window holding the post, reaches routing
        String alertId = policyFile + "@" + windowStart.plus(10, ChronoUnit.MINUTES);
        publish(new IssueAlert(IssueAlert.SCHEMA_VERSION, alertId, policyFile, null, AlertState.OPEN, windowStart,
                windowStart.plus(10, ChronoUnit.MINUTES), 24, 3.0, 7.5, List.of("#ei", "claim", "stuck"),
                List.of(SURGE_POST_ID), windowStart.plus(10, ChronoUnit.MINUTES), windowStart.plus(10, ChronoUnit.MINUTES)));
        signIn(memberKey, MEMBER);

        // Then its case arrives in the member's queue with its badge, in words
        String emergingPostId = "alert:" + alertId;
        arrival().until(() -> rowOf(emergingPostId) != null);
        WebElement row = rowOf(emergingPostId);
        assertThat(row.getAttribute("data-case-type")).isEqualTo("emerging");
        assertThat(row.findElement(By.cssSelector(".badge-emerging")).getText()).isEqualTo("Emerging issue");
        assertThat(row.getText()).contains("Surge: 24 posts on " + policyFile);
        // and the emerging-issues panel (state=active) has its entry, which opens that case
        ui().ignoreExceptions().untilAsserted(() -> browser.findElement(
                By.cssSelector("#alerts-list li[data-alert-id='" + alertId + "'] button.alert-open")).click());
        ui().until(() -> "emerging".equals(attribute(By.id("case-view"), "data-case-type")));
        String emergingCaseId = attribute(By.id("case-view"), "data-case-id");
        assertThat(emergingCaseId).isEqualTo(row.getAttribute("data-case-id"));

        // and the case lists its linked cases, the post among them, with the figures and terms as evidence
        ui().until(() -> first(By.cssSelector("#linked-cases li[data-post-id='" + SURGE_POST_ID + "']")) != null);
        assertThat(text(By.id("linked-heading"))).matches("Linked cases \\(\\d+\\)");
        ui().until(() -> first(By.id("case-evidence")) != null);
        assertThat(text(By.id("case-evidence"))).contains("top terms: #ei, claim, stuck");
        // the picture: the emerging case open, its row in view in the queue, the page and the case from their tops
        ((JavascriptExecutor) browser).executeScript("const row = arguments[0], wrap = row.closest('.table-wrap'); "
                + "wrap.scrollTop = row.offsetTop - wrap.querySelector('thead').offsetHeight; "
                + "window.scrollTo(0, 0); document.getElementById('case').scrollTop = 0", rowOf(emergingPostId));
        screenshot("console-emerging");

        // When the member opens the linked post's case
        ui().ignoreExceptions().untilAsserted(() -> click(
                By.cssSelector("#linked-cases li[data-post-id='" + SURGE_POST_ID + "'] button.open-case")));
        ui().until(() -> routed.get("id").asString().equals(attribute(By.id("case-view"), "data-case-id")));
        // Then it says which emerging issue it is part of, and leads back to that case
        assertThat(text(By.id("case-emerging"))).contains("Part of emerging issue " + alertId);
        click(By.id("case-emerging-open"));
        ui().until(() -> emergingCaseId.equals(attribute(By.id("case-view"), "data-case-id")));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A wait for the page; the queue and the case are redrawn by polls, so an element seen a moment ago may be gone. */
    private static ConditionFactory ui() {
        return await().atMost(UI_WITHIN).ignoreException(StaleElementReferenceException.class);
    }

    /** A wait for the pipeline: ingest, classify, route, then the next poll of the queue. */
    private static ConditionFactory arrival() {
        return await().atMost(ARRIVES_WITHIN).ignoreException(StaleElementReferenceException.class);
    }

    /** Opens the console and signs in with the key (signing the previous person out first), as {@code name}. */
    private void signIn(String key, String name) {
        browser.get(system.gateway().resolve("/").toString());
        ui().until(() -> displayed("signin") || displayed("workspace"));
        if (displayed("workspace") && text(By.id("who-name")).contains(name)) {
            return; // the key kept in the tab signed them in again
        }
        if (displayed("workspace")) {
            click(By.id("sign-out"));
        }
        ui().until(() -> displayed("signin"));
        type(By.id("api-key"), key);
        click(By.id("signin-submit"));
        ui().until(() -> displayed("workspace") && !text(By.id("queue-meta")).isEmpty());
        assertThat(text(By.id("who-name"))).contains(name);
    }

    private boolean displayed(String id) {
        return browser.findElement(By.id(id)).isDisplayed();
    }

    private void ingest(String postId, String lang, String text) throws Exception {
        ingest(postId, lang, text, Instant.parse("2026-11-20T14:03:00Z"));
    }

    private void ingest(String postId, String lang, String text, Instant createdAt) throws Exception {
        String externalId = postId.substring(postId.indexOf(':') + 1);
        String json = """
                {"id":"%s","platform":"mastodon","author":"@someone","text":"%s","createdAt":"%s",
                 "lang":"%s","url":"https://mastodon.example/@someone/%s"}""".formatted(externalId, text, createdAt, lang, externalId);
        HttpResponse<String> response = gateway.post("/api/posts", json, system.apiKey());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    /** A few more of the team's kind of posts (from the sample data), so the queue and its screenshot look real. */
    private void ingestSamplePosts() throws Exception {
        List<String[]> samples = List.of(
                new String[] {"console-2", "fr", "Ça fait 41 jours que ma demande d'AE est « en traitement ». J'ai appelé 23 fois. Le loyer lui attend pas"},
                new String[] {"console-3", "en", "FYI if you've been on EI twice in 5 years you're now permanently banned from claiming again. New rule quietly passed this summer."},
                new String[] {"console-4", "en", "When's the September CPP deposit? Bank app shows nothing yet and rent's due Oct 1. #CPP"},
                new String[] {"console-5", "fr", "Ma mère a eu 65 ans en août, elle a jamais reçu de lettre pour la Sécurité de la vieillesse. Faut-tu faire une demande?"});
        for (String[] sample : samples) {
            ingest("mastodon:" + sample[0], sample[1], sample[2]);
        }
    }

    /** The case of a post in the member's queue (newest routed first), through the gateway; null until routed. */
    private JsonNode caseOfPost(String postId) throws Exception {
        HttpResponse<String> queue = gateway.get("/api/cases?sort=routed&size=100", memberKey);
        assertThat(queue.statusCode()).as(queue.body()).isEqualTo(200);
        for (JsonNode item : EventJson.mapper().readTree(queue.body()).get("items")) {
            if (postId.equals(item.get("postId").asString())) {
                return item;
            }
        }
        return null;
    }

    /** Publishes an alert as the classifier's surge detector does: keyed by its policy file, on issues.alerts. */
    private void publish(IssueAlert alert) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ISSUES_ALERTS.name(), alert.policyFile(),
                    EventJson.mapper().writeValueAsString(alert))).get();
        }
    }

    private String attribute(By by, String name) {
        WebElement found = first(by);
        return found == null ? null : found.getAttribute(name);
    }

    private void awaitRows(int atLeast) {
        arrival().until(() -> browser.findElements(By.cssSelector("#queue-body tr")).size() >= atLeast);
    }

    private WebElement rowOf(String postId) {
        return first(By.cssSelector("#queue-body tr[data-post-id='" + postId + "']"));
    }

    private WebElement first(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    private String caseStatus() {
        WebElement view = first(By.id("case-view"));
        return view == null ? null : view.getAttribute("data-status");
    }

    private void awaitCaseStatus(String status) {
        ui().until(() -> status.equals(caseStatus()));
    }

    private List<String> historyTypes() {
        return browser.findElements(By.cssSelector("#history li")).stream()
                .map(item -> item.getAttribute("data-type")).toList();
    }

    private String text(By by) {
        return browser.findElement(by).getText().trim();
    }

    private void type(By by, String text) {
        WebElement field = browser.findElement(by);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", field);
        field.sendKeys(text);
    }

    private void click(By by) {
        WebElement target = browser.findElement(by);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", target);
        target.click();
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("ConsoleIT: no screenshot " + name + ": " + e);
        }
    }
}
