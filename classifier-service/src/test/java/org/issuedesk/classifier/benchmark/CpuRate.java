package org.issuedesk.classifier.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

import org.issuedesk.classifier.classification.Classifier;
import org.issuedesk.classifier.classification.PostText;

/**
 * Posts per CPU-second of one thread: the same work as {@link ClassificationBenchmark}, timed by the
 * thread's CPU clock instead of the wall clock, so a machine busy with other builds still gives a
 * usable figure (JMH's is the reference on a quiet machine). Run: see docs/benchmarks.md.
 */
public final class CpuRate {

    private CpuRate() {
    }

    public static void main(String[] args) throws Exception {
        ClassificationBenchmark state = new ClassificationBenchmark();
        state.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String name : new String[] {"lexical", "hybrid"}) {
            Classifier classifier = name.equals("hybrid") ? state.hybridClassifier() : state.lexicalClassifier();
            PostText[] posts = state.posts();
            long sink = 0;
            for (int round = 0; round < 6; round++) { // the first rounds warm the JIT up
                long cpu = threads.getCurrentThreadCpuTime();
                int n = 0;
                for (int r = 0; r < 100; r++) {
                    for (PostText post : posts) {
                        sink += classifier.classify(post).evidence().size();
                        n++;
                    }
                }
                double seconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
                if (round >= 3) {
                    System.out.printf(Locale.ROOT, "%-8s round %d: %,.0f posts per CPU-second%n", name, round, n / seconds);
                }
            }
            if (sink == 42) {
                System.out.println();
            }
        }
    }
}
