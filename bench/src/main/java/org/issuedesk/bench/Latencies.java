package org.issuedesk.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, summarised as percentiles (nearest rank). */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return new Summary(size, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), size == 0 ? 0 : sorted[size - 1]);
    }

    /** Nearest-rank percentile: the smallest sample with at least p of all samples at or below it. */
    static long at(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    record Summary(int count, long p50, long p95, long p99, long max) {

        String millis() {
            return "p50 %s ms, p95 %s ms, p99 %s ms, max %s ms (n=%d)".formatted(
                    ms(p50), ms(p95), ms(p99), ms(max), count);
        }

        static String ms(long nanos) {
            return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
        }
    }
}
