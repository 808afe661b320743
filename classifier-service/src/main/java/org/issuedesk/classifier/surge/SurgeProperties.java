package org.issuedesk.classifier.surge;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Surge detection, under {@code issuedesk.classifier.surge} (see docs/alerts.md).
 *
 * @param enabled           run the detector (a Kafka Streams application inside the service)
 * @param applicationId     the Kafka Streams application id: consumer group and prefix of its internal topics
 * @param stateDir          where the state stores live on disk, kept across restarts; unset: a fresh folder under
 *                          the temp dir per start, deleted on stop (the stores are small, one value per
 *                          policy file, so rebuilding them from their compacted changelog is quick)
 * @param window            length of the sliding window whose count is compared with the baseline
 * @param hop               how often the window moves (and the baseline learns); divides the window
 * @param grace             how long a window waits, in event time, before it is evaluated: posts up to this
 *                          late (behind the latest post seen, as when partitions are read unevenly while
 *                          catching up) still count in the windows they belong to; alerts come this much later
 * @param baselineHalfLife  how fast the baseline forgets: the weight of a window's count halves after this
 * @param warmup            event time a file's baseline learns, after its first full window, before the file may alert
 * @param idleAfter         when no post arrives, the service clock minus this moves event time on, so alerts
 *                          of quiet files close; longer than the usual lag of posts.classified
 * @param clockCheck        how often the service clock is looked at
 * @param topTerms          terms per alert
 * @param samplePosts       post ids per alert
 * @param defaults          thresholds of every file
 * @param files             thresholds of one file (by policy-file id); unset fields take the defaults
 */
@Validated
@ConfigurationProperties("issuedesk.classifier.surge")
public record SurgeProperties(
        Boolean enabled,
        @NotBlank String applicationId,
        String stateDir,
        @NotNull Duration window,
        @NotNull Duration hop,
        @NotNull Duration grace,
        @NotNull Duration baselineHalfLife,
        @NotNull Duration warmup,
        @NotNull Duration idleAfter,
        @NotNull Duration clockCheck,
        @Min(1) @Max(50) Integer topTerms,
        @Min(1) @Max(100) Integer samplePosts,
        @Valid Thresholds defaults,
        Map<String, @Valid Thresholds> files) {

    public SurgeProperties {
        enabled = enabled == null || enabled;
        applicationId = applicationId == null ? "classifier-surge" : applicationId;
        stateDir = stateDir == null || stateDir.isBlank() ? null : stateDir;
        window = window == null ? Duration.ofMinutes(10) : window;
        hop = hop == null ? Duration.ofMinutes(1) : hop;
        grace = grace == null ? Duration.ofMinutes(2) : grace;
        baselineHalfLife = baselineHalfLife == null ? Duration.ofHours(1) : baselineHalfLife;
        warmup = warmup == null ? Duration.ofHours(1) : warmup;
        idleAfter = idleAfter == null ? Duration.ofMinutes(10) : idleAfter;
        clockCheck = clockCheck == null ? Duration.ofSeconds(10) : clockCheck;
        topTerms = topTerms == null ? 5 : topTerms;
        samplePosts = samplePosts == null ? 10 : samplePosts;
        defaults = Thresholds.DEFAULTS.orElse(defaults);
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /** Defaults everywhere: for tests and tools. */
    public static SurgeProperties defaultSettings() {
        return new SurgeProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @AssertTrue(message = "hop must be positive, at most the window, and divide it")
    public boolean isHopDividingTheWindow() {
        return !hop.isNegative() && !hop.isZero() && hop.compareTo(window) <= 0
                && window.toMillis() % hop.toMillis() == 0;
    }

    @AssertTrue(message = "grace must be at least 0 and below the window, and idle-after at least the grace")
    public boolean isGraceWithinTheWindow() {
        return !grace.isNegative() && grace.compareTo(window) < 0 && idleAfter.compareTo(grace) >= 0;
    }

    @AssertTrue(message = "baseline-half-life, idle-after and clock-check must be positive")
    public boolean isEveryDurationPositive() {
        return !baselineHalfLife.isNegative() && !baselineHalfLife.isZero() && !idleAfter.isNegative()
                && !clockCheck.isNegative() && !clockCheck.isZero() && !warmup.isNegative();
    }

    @AssertTrue(message = "every file's close-score must be below its open-score")
    public boolean isEveryFileCloseBelowOpen() {
        return files.keySet().stream().map(this::thresholdsOf).allMatch(t -> t.closeScore() < t.openScore());
    }

    /** The thresholds of a file: its own settings over the defaults. */
    public Thresholds thresholdsOf(String policyFile) {
        Thresholds own = files.get(policyFile);
        return own == null ? defaults : defaults.orElse(own);
    }

    public int hopsPerWindow() {
        return (int) (window.toMillis() / hop.toMillis());
    }

    /**
     * When a count is a surge. A window opens an alert when ALL hold: count ≥ minCount, count ≥ minRatio ×
     * baseline, and score ≥ openScore, where score = (count − baseline) / √max(variance, baseline, 1). The
     * alert closes when the score falls below closeScore, and is updated when the count has grown by
     * updateGrowth (0.5 = by half) since the last message.
     */
    public record Thresholds(
            @Min(1) Integer minCount,
            @DecimalMin("1.0") Double minRatio,
            @DecimalMin("0.5") Double openScore,
            @DecimalMin("0.0") Double closeScore,
            @DecimalMin("0.05") @DecimalMax("100") Double updateGrowth) {

        static final Thresholds DEFAULTS = new Thresholds(20, 2.0, 4.0, 2.0, 0.5);

        /** {@code override}'s settings, with the ones it leaves unset taken from these. */
        Thresholds orElse(Thresholds override) {
            if (override == null) {
                return this;
            }
            return new Thresholds(
                    override.minCount != null ? override.minCount : minCount,
                    override.minRatio != null ? override.minRatio : minRatio,
                    override.openScore != null ? override.openScore : openScore,
                    override.closeScore != null ? override.closeScore : closeScore,
                    override.updateGrowth != null ? override.updateGrowth : updateGrowth);
        }

        @AssertTrue(message = "close-score must be below open-score")
        public boolean isCloseBelowOpen() {
            return closeScore == null || openScore == null || closeScore < openScore;
        }
    }
}
