package org.issuedesk.classifier.surge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.issuedesk.classifier.surge.FileSurgeState.Bucket;
import org.issuedesk.classifier.surge.FileSurgeState.OpenAlert;
import org.issuedesk.classifier.surge.FileSurgeState.Series;
import org.issuedesk.classifier.surge.SurgeProperties.Thresholds;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;

/**
 * Surge detection on one file's state, in event time, with no I/O (the Kafka Streams processor stores
 * the state and forwards the alerts). Posts are counted in hop buckets, per file and per file × issue
 * kind. At every window end (a multiple of the hop) each series' window count is compared with an
 * exponentially weighted mean and variance of its past window counts, then that baseline learns the
 * count (while an alert is open only the mean learns, ten times slower, so a surge does not become its
 * own baseline at once).
 * At most one open alert per file and kind; a surge on the whole file holds back the kind alerts of
 * that file and the other way round, so one surge makes one alert.
 */
public class SurgeDetector {

    /** A file × kind alert is about that kind; a whole-file alert names a kind that makes this share of it. */
    static final double DOMINANT_SHARE = 0.75;
    /** Terms remembered per bucket: the first ones seen, which in a surge are the surge's own. */
    static final int TERMS_PER_BUCKET = 30;
    /** A longer gap without posts is skipped: the baseline has long decayed to nothing by then. */
    static final Duration MAX_GAP = Duration.ofDays(30);

    private final SurgeProperties settings;
    private final long hopMs;
    private final long windowMs;
    private final long warmupMs;
    private final double alpha;

    public SurgeDetector(SurgeProperties settings) {
        this.settings = settings;
        this.hopMs = settings.hop().toMillis();
        this.windowMs = settings.window().toMillis();
        this.warmupMs = settings.warmup().toMillis();
        // the weight of a past window count halves every baselineHalfLife
        this.alpha = 1 - Math.pow(0.5, (double) hopMs / settings.baselineHalfLife().toMillis());
    }

    public long hopStart(long eventTimeMs) {
        return Math.floorDiv(eventTimeMs, hopMs) * hopMs;
    }

    public FileSurgeState newState(String policyFile, long eventTimeMs) {
        FileSurgeState state = new FileSurgeState(policyFile, eventTimeMs, hopStart(eventTimeMs));
        // every series from the start: a kind that has had no posts has learned that its baseline is 0
        state.series.put(FileSurgeState.WHOLE_FILE, new Series());
        for (IssueKind kind : IssueKind.values()) {
            state.series.put(kind.id(), new Series());
        }
        return state;
    }

    /** When a post came, compared with the windows of its file already evaluated. */
    public enum Arrival {
        /** Before any window that covers it was evaluated: it counts in all of them. */
        ON_TIME,
        /** After some of its windows were evaluated: it counts only in the later ones. */
        LATE,
        /** After every window that covers it was evaluated: not counted. */
        TOO_LATE
    }

    /** Counts a post of the file at its event time, in the windows not evaluated yet. */
    Arrival record(FileSurgeState state, SurgePost post, long eventTimeMs) {
        long bucketStart = hopStart(eventTimeMs);
        if (bucketStart < state.evaluatedUpToMs - windowMs + hopMs) {
            return Arrival.TOO_LATE;
        }
        add(state.series.computeIfAbsent(FileSurgeState.WHOLE_FILE, k -> new Series()), bucketStart, post);
        add(state.series.computeIfAbsent(post.issueKind().id(), k -> new Series()), bucketStart, post);
        return bucketStart < state.evaluatedUpToMs ? Arrival.LATE : Arrival.ON_TIME;
    }

    private void add(Series series, long bucketStart, SurgePost post) {
        Bucket bucket = series.buckets.computeIfAbsent(bucketStart, k -> new Bucket());
        bucket.count++;
        for (String term : post.terms()) {
            if (bucket.terms.size() < TERMS_PER_BUCKET || bucket.terms.containsKey(term)) {
                bucket.terms.merge(term, 1, Integer::sum);
            }
        }
        bucket.postIds.add(post.postId());
        if (bucket.postIds.size() > settings.samplePosts()) {
            bucket.postIds.remove(0);
        }
    }

    /**
     * Evaluates every window that ended after the last one evaluated, up to {@code nowMs} (event time).
     *
     * @return the alerts raised, in order (open, updated, closed)
     */
    public List<IssueAlert> advance(FileSurgeState state, long nowMs) {
        long target = hopStart(nowMs);
        List<IssueAlert> alerts = new ArrayList<>();
        if (target <= state.evaluatedUpToMs) {
            return alerts;
        }
        if (target - state.evaluatedUpToMs > MAX_GAP.toMillis()) {
            // evaluate one window past the last posts (open alerts close), then skip the empty rest
            for (long end = state.evaluatedUpToMs + hopMs; end <= state.evaluatedUpToMs + windowMs; end += hopMs) {
                evaluate(state, end, alerts);
            }
            state.evaluatedUpToMs = target - MAX_GAP.toMillis();
        }
        for (long end = state.evaluatedUpToMs + hopMs; end <= target; end += hopMs) {
            evaluate(state, end, alerts);
            state.evaluatedUpToMs = end;
        }
        return alerts;
    }

    private void evaluate(FileSurgeState state, long windowEnd, List<IssueAlert> alerts) {
        long windowStart = windowEnd - windowMs;
        Thresholds thresholds = settings.thresholdsOf(state.policyFile);
        boolean warm = windowEnd - state.firstSeenMs >= windowMs + warmupMs;
        state.series.values().forEach(s -> s.buckets.headMap(windowStart).clear());

        Series file = state.series.get(FileSurgeState.WHOLE_FILE);
        if (file == null) {
            return;
        }
        boolean kindOpen = state.series.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(FileSurgeState.WHOLE_FILE) && e.getValue().open != null);
        step(state, FileSurgeState.WHOLE_FILE, file, windowEnd, thresholds, warm && !kindOpen, alerts);
        boolean fileOpen = file.open != null;
        for (var entry : state.series.entrySet()) {
            if (!entry.getKey().equals(FileSurgeState.WHOLE_FILE)) {
                step(state, entry.getKey(), entry.getValue(), windowEnd, thresholds, warm && !fileOpen, alerts);
            }
        }
    }

    private void step(FileSurgeState state, String key, Series series, long windowEnd, Thresholds thresholds,
            boolean mayOpen, List<IssueAlert> alerts) {
        long count = count(series, windowEnd);
        double mean = series.mean;
        double score = (count - mean) / Math.sqrt(Math.max(1, Math.max(series.variance, mean)));
        if (series.open == null) {
            if (mayOpen && count >= thresholds.minCount() && count >= thresholds.minRatio() * mean
                    && score >= thresholds.openScore()) {
                OpenAlert open = new OpenAlert();
                boolean wholeFile = key.equals(FileSurgeState.WHOLE_FILE);
                open.issueKind = wholeFile ? dominantKind(state, count, windowEnd) : key;
                open.alertId = state.policyFile + (wholeFile ? "" : "." + key) + "@" + Instant.ofEpochMilli(windowEnd);
                open.openedAtMs = windowEnd;
                open.lastPublishedCount = count;
                series.open = open;
                alerts.add(alert(state, series, AlertState.OPEN, windowEnd, count, mean, score));
            }
        } else if (score < thresholds.closeScore()) {
            alerts.add(alert(state, series, AlertState.CLOSED, windowEnd, count, mean, score));
            series.open = null;
        } else if (count >= series.open.lastPublishedCount * (1 + thresholds.updateGrowth())) {
            series.open.lastPublishedCount = count;
            alerts.add(alert(state, series, AlertState.UPDATED, windowEnd, count, mean, score));
        }
        if (windowEnd - state.firstSeenMs < windowMs) {
            return; // the first window is not full yet: its count says nothing about the usual one
        }
        // a running mean while few windows have been seen (so the warm-up learns the level quickly), then
        // the exponential weights; a tenth of that while an alert is open
        double rate = Math.max(alpha, 1.0 / ++series.windowsLearned);
        double diff = count - mean;
        if (series.open == null) {
            series.mean = mean + rate * diff;
            series.variance = (1 - rate) * (series.variance + rate * diff * diff);
        } else {
            // during a surge only the mean creeps up, so that a lasting new level eventually closes the
            // alert; the variance does not learn the surge (it would blunt the next one for hours)
            series.mean = mean + rate / 10 * diff;
        }
    }

    /** The count of the window that ends at {@code windowEnd} (the buckets after it wait for their windows). */
    private static long count(Series series, long windowEnd) {
        long count = 0;
        for (Bucket bucket : series.buckets.headMap(windowEnd).values()) {
            count += bucket.count;
        }
        return count;
    }

    private static String dominantKind(FileSurgeState state, long fileCount, long windowEnd) {
        return state.series.entrySet().stream()
                .filter(e -> !e.getKey().equals(FileSurgeState.WHOLE_FILE))
                .filter(e -> count(e.getValue(), windowEnd) >= DOMINANT_SHARE * fileCount)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private IssueAlert alert(FileSurgeState state, Series series, AlertState alertState, long windowEnd, long count,
            double baseline, double score) {
        OpenAlert open = series.open;
        Map<String, Integer> terms = new HashMap<>();
        List<String> sample = new ArrayList<>();
        for (Bucket bucket : series.buckets.headMap(windowEnd, false).descendingMap().values()) {
            bucket.terms.forEach((term, n) -> terms.merge(term, n, Integer::sum));
            for (int i = bucket.postIds.size() - 1; i >= 0 && sample.size() < settings.samplePosts(); i--) {
                sample.add(bucket.postIds.get(i));
            }
        }
        List<String> topTerms = terms.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(settings.topTerms()).map(Map.Entry::getKey).toList();
        return new IssueAlert(IssueAlert.SCHEMA_VERSION, open.alertId, state.policyFile,
                open.issueKind == null ? null : IssueKind.fromId(open.issueKind).orElse(null), alertState,
                Instant.ofEpochMilli(windowEnd - windowMs), Instant.ofEpochMilli(windowEnd), count,
                round(baseline), round(score), topTerms, sample, Instant.ofEpochMilli(open.openedAtMs),
                Instant.ofEpochMilli(windowEnd));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
