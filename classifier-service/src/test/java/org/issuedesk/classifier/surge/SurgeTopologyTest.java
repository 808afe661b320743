package org.issuedesk.classifier.surge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issuedesk.classifier.surge.SurgePosts.post;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.issuedesk.classifier.surge.SurgePosts.TestClock;
import org.issuedesk.classifier.surge.SurgeProperties.Thresholds;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.kafka.EventSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The detector's topology on Kafka Streams' TopologyTestDriver: event time from the posts, the service
 * clock and the wall clock moved by the test, so every outcome is deterministic.
 */
class SurgeTopologyTest {

    static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Object> posts;
    private TestOutputTopic<String, IssueAlert> alerts;
    private TestClock clock;
    private SimpleMeterRegistry meters;
    private Path driverStateDir;
    private final List<ClassifiedPost> scenario = new ArrayList<>();
    private int ids;

    void start(SurgeProperties settings) {
        clock = new TestClock(T0);
        meters = new SimpleMeterRegistry();
        StreamsBuilder builder = new StreamsBuilder();
        // in memory: the driver checkpoints a persistent store after every record, which is slow
        SurgeTopology.build(builder, settings, clock, meters, Stores.inMemoryKeyValueStore(SurgeTopology.STORE));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "surge-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // the driver commits, and so rewrites the task's checkpoint file, after every record: on tmpfs when there is one
        Path shm = Path.of("/dev/shm");
        driverStateDir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm.resolve("surge-test-" + UUID.randomUUID())
                : stateDir;
        config.put(StreamsConfig.STATE_DIR_CONFIG, driverStateDir.toString());
        driver = new TopologyTestDriver(builder.build(), config, T0);
        posts = driver.createInputTopic(Topics.POSTS_CLASSIFIED.name(), new StringSerializer(), new EventSerializer());
        alerts = driver.createOutputTopic(Topics.ISSUES_ALERTS.name(), new StringDeserializer(),
                JsonSerde.of(IssueAlert.class).deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
            FileSystemUtils.deleteRecursively(driverStateDir.toFile());
            driver = null;
        }
    }

    @Test
    void shouldRaiseOneAlertForABurstAndCloseItWhenTheBurstEnds() {
        // Given: 5 posts per 10 minutes on passports (and on EI) for 3 hours, then 200 on passports in 10 minutes
        start(SurgeProperties.defaultSettings());
        steady("passports", IssueKind.QUESTION, "When will my passport arrive", T0, Duration.ofHours(4), 5);
        steady("employment-insurance", IssueKind.QUESTION, "EI claim status", T0, Duration.ofHours(4), 5);
        Instant burstStart = T0.plus(Duration.ofHours(3));
        List<String> burst = burst("passports", IssueKind.COMPLAINT,
                "Passport office in Gatineau closed again #passport no appointments", burstStart, 200);

        // When
        playScenario();

        // Then
        List<IssueAlert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(IssueAlert::state).containsOnlyOnce(AlertState.OPEN).endsWith(AlertState.CLOSED)
                .containsOnlyOnce(AlertState.CLOSED);
        assertThat(raised).extracting(IssueAlert::alertId).containsOnly("passports@" + raised.get(0).openedAt());
        IssueAlert open = raised.get(0);
        assertThat(open.state()).isEqualTo(AlertState.OPEN);
        assertThat(open.policyFile()).isEqualTo("passports");
        assertThat(open.issueKind()).isEqualTo(IssueKind.COMPLAINT);
        assertThat(open.openedAt()).isBetween(burstStart, burstStart.plus(Duration.ofMinutes(3)));
        assertThat(open.count()).isGreaterThanOrEqualTo(20);
        assertThat(open.baseline()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(open.score()).isGreaterThanOrEqualTo(4.0);
        assertThat(open.topTerms()).contains("#passport", "gatineau", "appointments");
        assertThat(burst).containsAll(open.samplePostIds());
        assertThat(open.samplePostIds()).hasSize(10);
        assertThat(raised).filteredOn(a -> a.state() == AlertState.UPDATED).isNotEmpty()
                .allSatisfy(a -> assertThat(a.count()).isGreaterThan(open.count()));
        assertThat(raised).extracting(IssueAlert::count).anySatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(100));
        IssueAlert closed = raised.get(raised.size() - 1);
        assertThat(closed.raisedAt()).isBetween(burstStart.plus(Duration.ofMinutes(10)),
                burstStart.plus(Duration.ofMinutes(25)));
        assertThat(closed.count()).isLessThan(20);
    }

    @Test
    void shouldRaiseNothingForTheDayAndNightRhythm() {
        // Given: two files, three days whose rate swings between 2 and 38 posts per 10 minutes, with Poisson noise
        start(SurgeProperties.defaultSettings());
        Random random = new Random(42);
        for (String file : List.of("passports", "employment-insurance")) {
            double phase = random.nextDouble() * 2 * Math.PI;
            Instant t = T0;
            while (t.isBefore(T0.plus(Duration.ofDays(3)))) {
                double hours = Duration.between(T0, t).toMillis() / 3_600_000.0;
                double perTenMinutes = 20 + 18 * Math.sin(2 * Math.PI * hours / 24 + phase);
                double meanGapSeconds = 600 / perTenMinutes;
                t = t.plusMillis((long) (-Math.log(1 - random.nextDouble()) * meanGapSeconds * 1000));
                IssueKind kind = IssueKind.values()[random.nextInt(IssueKind.values().length)];
                scenario.add(post("x:" + ids++, file, kind, "ordinary day on " + file, t));
            }
        }

        // When
        playScenario();

        // Then
        assertThat(scenario).hasSizeGreaterThan(15_000);
        assertThat(alerts.readValuesToList()).isEmpty();
    }

    @Test
    void shouldCloseTheAlertOfAFileThatWentQuietWhenTheServiceClockMovesOn() {
        // Given: a burst, then no post on any file
        start(SurgeProperties.defaultSettings());
        steady("passports", IssueKind.QUESTION, "passport renewal", T0, Duration.ofHours(3), 5);
        burst("passports", IssueKind.MISINFORMATION, "They cancel every passport next month", T0.plus(Duration.ofHours(3)), 200);
        playScenario();
        assertThat(alerts.readValuesToList()).extracting(IssueAlert::state).contains(AlertState.OPEN)
                .doesNotContain(AlertState.CLOSED);

        // When: the service clock moves on 30 minutes past the last post, a minute at a time
        Instant last = scenario.get(scenario.size() - 1).post().createdAt();
        for (int minute = 1; minute <= 30; minute++) {
            clock.set(last.plus(Duration.ofMinutes(minute)));
            driver.advanceWallClockTime(Duration.ofSeconds(10));
        }

        // Then
        List<IssueAlert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(IssueAlert::state).containsExactly(AlertState.CLOSED);
        assertThat(raised.get(0).issueKind()).isEqualTo(IssueKind.MISINFORMATION);
        assertThat(raised.get(0).count()).isZero();
    }

    @Test
    void shouldAlertOnASurgeOfOneKindOnABusyFile() {
        // Given: 60 posts per 10 minutes on EI, then 30 misinformation posts in 10 minutes on top
        start(SurgeProperties.defaultSettings());
        steady("employment-insurance", IssueKind.QUESTION, "EI claim question", T0, Duration.ofHours(4), 30);
        steady("employment-insurance", IssueKind.COMPLAINT, "EI claim delay", T0, Duration.ofHours(4), 30);
        burst("employment-insurance", IssueKind.MISINFORMATION, "EI benefits end for everyone in March #fake",
                T0.plus(Duration.ofHours(3)), 30);

        // When
        playScenario();

        // Then
        List<IssueAlert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(IssueAlert::state).startsWith(AlertState.OPEN).containsOnlyOnce(AlertState.OPEN)
                .endsWith(AlertState.CLOSED);
        assertThat(raised.get(0).issueKind()).isEqualTo(IssueKind.MISINFORMATION);
        assertThat(raised.get(0).alertId()).startsWith("employment-insurance.misinformation@");
        assertThat(raised.get(0).topTerms()).contains("#fake", "benefits");
    }

    @Test
    void shouldHonourTheThresholdsOfAFile() {
        // Given: passports needs 300 posts in a window to alert
        start(new SurgeProperties(null, null, null, null, null, null, null, null, null, null, null, null, null,
                Map.of("passports", new Thresholds(300, null, null, null, null))));
        steady("passports", IssueKind.QUESTION, "passport renewal", T0, Duration.ofHours(4), 5);
        burst("passports", IssueKind.COMPLAINT, "passport office closed", T0.plus(Duration.ofHours(3)), 200);
        steady("pensions", IssueKind.QUESTION, "pension question", T0, Duration.ofHours(4), 5);
        burst("pensions", IssueKind.COMPLAINT, "pension cheque late", T0.plus(Duration.ofHours(3)), 200);

        // When
        playScenario();

        // Then: only the file with the default thresholds alerts
        assertThat(alerts.readValuesToList()).extracting(IssueAlert::policyFile).containsOnly("pensions").isNotEmpty();
    }

    @Test
    void shouldCountPostsUpToTheGraceLateInTheirOwnWindowsAndCountThoseTooLate() {
        // Given: a burst over a steady baseline, as it happened (in event-time order) and as a detector catching
        // up reads it: every post up to 90 s behind the latest one seen (less than the default grace of 2 min)
        steady("passports", IssueKind.QUESTION, "When will my passport arrive", T0, Duration.ofHours(4), 5);
        steady("employment-insurance", IssueKind.QUESTION, "EI claim status", T0, Duration.ofHours(4), 5);
        burst("passports", IssueKind.COMPLAINT, "Passport office in Gatineau closed #passport",
                T0.plus(Duration.ofHours(3)), 200);
        scenario.sort(Comparator.comparing(p -> p.post().createdAt()));
        List<ClassifiedPost> inOrder = List.copyOf(scenario);
        Random random = new Random(7);
        Map<ClassifiedPost, Instant> readAt = new java.util.IdentityHashMap<>();
        inOrder.forEach(p -> readAt.put(p, p.post().createdAt().plusMillis(random.nextInt(90_000))));
        List<ClassifiedPost> caughtUp = inOrder.stream().sorted(Comparator.comparing(readAt::get)).toList();
        assertThat(caughtUp).isNotEqualTo(inOrder);

        // When: both are played, and the jumbled one again without a grace
        List<String> expected = played(SurgeProperties.defaultSettings(), inOrder);
        assertThat(late("counted") + late("dropped")).isZero();
        List<String> withGrace = played(SurgeProperties.defaultSettings(), caughtUp);
        double lateWithGrace = late("counted") + late("dropped");
        List<String> withoutGrace = played(new SurgeProperties(null, null, null, null, null, Duration.ZERO, null,
                null, null, null, null, null, null, null), caughtUp);
        double lateWithoutGrace = late("counted") + late("dropped");

        // Then: within the grace, the same alert with the same counts at the same times, and no post late
        assertThat(expected).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("passports@"));
        assertThat(withGrace).isEqualTo(expected);
        assertThat(lateWithGrace).isZero();
        assertThat(lateWithoutGrace).isPositive();
        assertThat(withoutGrace).isNotEqualTo(expected);

        // When: posts come long after their windows were evaluated (an hour late), or after some of them
        start(SurgeProperties.defaultSettings());
        for (ClassifiedPost p : inOrder) {
            posts.pipeInput(p.post().id(), p, p.post().createdAt());
        }
        Instant last = inOrder.get(inOrder.size() - 1).post().createdAt();
        for (int i = 0; i < 3; i++) {
            ClassifiedPost old = post("old:" + i, "passports", IssueKind.QUESTION, "passport", last.minus(Duration.ofHours(1)));
            posts.pipeInput(old.post().id(), old, old.post().createdAt());
        }
        for (int i = 0; i < 2; i++) {
            ClassifiedPost behind = post("behind:" + i, "passports", IssueKind.QUESTION, "passport",
                    last.minus(Duration.ofMinutes(5)));
            posts.pipeInput(behind.post().id(), behind, behind.post().createdAt());
        }

        // Then: the first are counted as dropped, the others as late but counted (in the windows still to come)
        assertThat(late("dropped")).isEqualTo(3);
        assertThat(late("counted")).isEqualTo(2);
    }

    /** Plays posts in the order given, on a fresh detector; the alerts raised, without their sample of posts. */
    private List<String> played(SurgeProperties settings, List<ClassifiedPost> arriving) {
        stop();
        start(settings);
        for (ClassifiedPost p : arriving) {
            posts.pipeInput(p.post().id(), p, p.post().createdAt());
        }
        return alerts.readValuesToList().stream().map(a -> a.alertId() + " " + a.state().id() + " " + a.windowEnd()
                + " count " + a.count() + " baseline " + a.baseline() + " score " + a.score()).toList();
    }

    private double late(String outcome) {
        return meters.counter("issuedesk.surge.posts.late", "outcome", outcome).count();
    }

    /** {@code perTenMinutes} posts per 10 minutes, evenly spaced, from {@code start} for {@code length}. */
    private void steady(String file, IssueKind kind, String text, Instant start, Duration length, int perTenMinutes) {
        long gapMs = 600_000 / perTenMinutes;
        for (Instant t = start; t.isBefore(start.plus(length)); t = t.plusMillis(gapMs)) {
            scenario.add(post("x:" + ids++, file, kind, text, t));
        }
    }

    /** {@code count} posts evenly spread over 10 minutes from {@code start}; returns their ids. */
    private List<String> burst(String file, IssueKind kind, String text, Instant start, int count) {
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "burst:" + ids++;
            scenario.add(post(id, file, kind, text, start.plusMillis(600_000L * i / count)));
            burst.add(id);
        }
        return burst;
    }

    private void playScenario() {
        scenario.sort(Comparator.comparing(p -> p.post().createdAt()));
        for (ClassifiedPost p : scenario) {
            posts.pipeInput(p.post().id(), p, p.post().createdAt());
        }
    }
}
