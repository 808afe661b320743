package org.issuedesk.classifier.surge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the detector remembers about one policy file, stored as one JSON value per file in the
 * state store (so a file's series are always consistent with each other). Mutable, with public
 * fields: it is a storage shape, read and written only by {@link SurgeDetector}.
 */
public class FileSurgeState {

    /** The series of the whole file; the others are keyed by issue-kind id. */
    public static final String WHOLE_FILE = "*";

    public String policyFile;
    /** Event time (epoch ms) of the first post seen: the warm-up counts from here. */
    public long firstSeenMs;
    /** The last window end (epoch ms, a multiple of the hop) that was evaluated. */
    public long evaluatedUpToMs;
    public Map<String, Series> series = new TreeMap<>();

    public FileSurgeState() {
    }

    FileSurgeState(String policyFile, long firstSeenMs, long evaluatedUpToMs) {
        this.policyFile = policyFile;
        this.firstSeenMs = firstSeenMs;
        this.evaluatedUpToMs = evaluatedUpToMs;
    }

    /** Counts of one series (the file, or the file × one kind) and what was learned of it. */
    public static class Series {
        /** Hop buckets by start (epoch ms): those the last evaluated window still covers, and those after it (posts up to the grace ahead of the evaluation). */
        public TreeMap<Long, Bucket> buckets = new TreeMap<>();
        /** Exponentially weighted mean and variance of the window count. */
        public double mean;
        public double variance;
        /** How many window counts the baseline has learned. */
        public long windowsLearned;
        /** The open alert of this series, or null. */
        public OpenAlert open;
    }

    /** One hop of posts: how many, their terms (bounded) and their latest post ids (bounded). */
    public static class Bucket {
        public int count;
        public Map<String, Integer> terms = new HashMap<>();
        public List<String> postIds = new ArrayList<>();
    }

    /** An alert that was opened and not yet closed. */
    public static class OpenAlert {
        public String alertId;
        public String issueKind;
        public long openedAtMs;
        public long lastPublishedCount;
    }
}
