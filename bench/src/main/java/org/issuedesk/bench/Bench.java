package org.issuedesk.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.issuedesk.contracts.kafka.EventSerializer;

/**
 * The load tool's command: see {@link BenchOptions#USAGE}. Prints ratios first, then the figures they
 * come from, then where the time went (each service's timers) and each process's memory and CPU.
 */
public final class Bench {

    private final BenchOptions options;
    private final PrintStream out;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    Bench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new Bench(options, System.out).run() ? 0 : 1);
    }

    /** A measured phase of the pipeline. */
    record PipelineResult(Pacer.Outcome sent, int posts, int arrived, long duplicates, double seconds,
            Latencies.Summary latency, Latencies.Summary fromResponse, Latencies.Summary fromRequest) {

        double throughput() {
            return arrived / seconds;
        }
    }

    boolean run() throws Exception {
        PostTexts texts = new PostTexts(PostTexts.readSeeds(options.seeds()), 42);
        out.printf(Locale.ROOT, "bench %s: mode %s, %d posts at %s, into %s, broker %s, %d cores%n", runId,
                options.mode().name().toLowerCase(Locale.ROOT), options.count(),
                options.rate() == 0 ? "max rate" : options.rate() + "/s",
                options.mode() == BenchOptions.Mode.HTTP ? options.gateway() + (options.batch() > 0
                        ? "/api/posts/batch (" + options.batch() + " per request)" : "/api/posts") : "posts.raw",
                options.bootstrap(), Runtime.getRuntime().availableProcessors());

        String prefix = PostTexts.postId(runId + "-");
        try (QueueWatcher watcher = new QueueWatcher(options.bootstrap(), prefix);
             PostSender sender = sender()) {
            watcher.start(Duration.ofSeconds(30));
            if (options.warmup() > 0) {
                PipelineResult warm = pipeline(sender, watcher, texts, "w", options.warmup(), null);
                out.printf(Locale.ROOT, "warm-up: %d/%d posts on the team queues in %.1f s%n", warm.arrived(),
                        warm.posts(), warm.seconds());
            }
            List<String> names = new ArrayList<>(options.services().keySet());
            names.add("kafka");
            Map<String, Map<String, Double>> before = StageMetrics.scrape(options.services());
            PipelineResult result;
            Map<String, double[]> processes;
            List<byte[]> values = new ArrayList<>();
            try (ProcessSampler sampler = new ProcessSampler(names)) {
                result = pipeline(sender, watcher, texts, "m", options.count(), values);
                processes = sampler.results();
            }
            Map<String, Map<String, Double>> after = StageMetrics.scrape(options.services());

            Baseline.Result baseline = options.baseline()
                    ? Baseline.run(options.bootstrap(), values, options.rate(), options.drain())
                    : null;
            print(result, baseline, processes, before, after, values);
            return result.arrived() == result.sent().accepted() && result.duplicates() == 0;
        }
    }

    private PostSender sender() {
        return switch (options.mode()) {
            case HTTP -> new PostSender.Http(options.gateway(), options.apiKey(), options.batch() > 0);
            case KAFKA -> new PostSender.Kafka(options.bootstrap());
        };
    }

    /**
     * Sends {@code count} posts (ids {@code bench:<run>-<phase><n>}), then waits until every accepted one
     * is on a team queue or the drain time passes. {@code values}, when given, receives each post as
     * the event ingest writes (for the baseline's record sizes).
     */
    private PipelineResult pipeline(PostSender sender, QueueWatcher watcher, PostTexts texts, String phase, int count,
            List<byte[]> values) throws Exception {
        int perRequest = options.mode() == BenchOptions.Mode.HTTP && options.batch() > 0 ? options.batch() : 1;
        int requests = (count + perRequest - 1) / perRequest;
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        long[] requested = new long[requests];
        List<List<PostSender.Post>> batches = new ArrayList<>(requests);
        EventSerializer serializer = new EventSerializer();
        for (int r = 0, n = 0; r < requests; r++) {
            List<PostSender.Post> batch = new ArrayList<>(perRequest);
            for (int k = 0; k < perRequest && n < count; k++, n++) {
                String externalId = runId + "-" + phase + n;
                String json = texts.nextPostJson(externalId);
                batch.add(new PostSender.Post(externalId, json));
                if (values != null) {
                    values.add(serializer.serialize("posts.raw", PostSender.Kafka.toSocialPost(json)));
                }
            }
            batches.add(batch);
        }
        int inFlight = options.mode() == BenchOptions.Mode.HTTP ? options.concurrency() : 10_000;
        Pacer.Outcome sent = Pacer.run(requests, options.rate() / (double) perRequest, inFlight,
                i -> {
                    requested[i] = System.nanoTime();
                    return sender.send(batches.get(i));
                }, (i, at) -> {
                    batches.get(i).forEach(p -> accepted.put(PostTexts.postId(p.externalId()), at));
                }, 5);
        Set<String> ids = new LinkedHashSet<>(accepted.keySet());
        long deadline = System.nanoTime() + options.drain().toNanos();
        while (watcher.seen(ids) < ids.size() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100); // polling the watcher's map; no event to wait on
        }
        Latencies latencies = new Latencies();
        Latencies fromResponse = new Latencies();
        Latencies fromRequest = new Latencies();
        Map<String, Integer> requestOf = new java.util.HashMap<>();
        for (int r = 0; r < requests; r++) {
            for (PostSender.Post p : batches.get(r)) {
                requestOf.put(PostTexts.postId(p.externalId()), r);
            }
        }
        for (String id : ids) {
            QueueWatcher.Arrival arrival = watcher.arrival(id);
            if (arrival != null) {
                if (arrival.receivedAtMicros() > 0) {
                    latencies.add(Math.max(0, arrival.wallMicros() - arrival.receivedAtMicros()) * 1000);
                }
                fromResponse.add(Math.max(0, arrival.nanos() - accepted.get(id)));
                fromRequest.add(Math.max(0, arrival.nanos() - requested[requestOf.get(id)]));
            }
        }
        int arrived = watcher.seen(ids);
        Pacer.Outcome posts = new Pacer.Outcome(sent.firstSend(), sent.lastAccepted(), ids.size(),
                count - ids.size(), sent.retries());
        return new PipelineResult(posts, count, arrived, watcher.duplicates(),
                (watcher.lastArrival() - sent.firstSend()) / 1e9, latencies.summary(), fromResponse.summary(),
                fromRequest.summary());
    }

    private void print(PipelineResult pipeline, Baseline.Result baseline, Map<String, double[]> processes,
            Map<String, Map<String, Double>> before, Map<String, Map<String, Double>> after, List<byte[]> values) {
        double meanSize = values.stream().mapToInt(v -> v.length).average().orElse(0);
        out.println();
        out.println("== ratios ==");
        if (baseline != null) {
            out.printf(Locale.ROOT, "pipeline throughput / raw producer rate:        %.3f  (%.0f / %.0f records/s)%n",
                    pipeline.throughput() / baseline.producerRate(), pipeline.throughput(), baseline.producerRate());
            out.printf(Locale.ROOT, "pipeline throughput / raw produce+consume rate: %.3f  (%.0f / %.0f records/s)%n",
                    pipeline.throughput() / baseline.endToEndRate(), pipeline.throughput(), baseline.endToEndRate());
            out.printf(Locale.ROOT, "pipeline p99 / raw one-hop p99:                 %.1f  (%s / %s ms)%n",
                    pipeline.latency().p99() / (double) Math.max(1, baseline.latency().p99()),
                    Latencies.Summary.ms(pipeline.latency().p99()), Latencies.Summary.ms(baseline.latency().p99()));
        } else {
            out.println("(no baseline: --no-baseline)");
        }
        out.println();
        out.println("== pipeline (accepted -> on the team's queue, read_committed) ==");
        out.printf(Locale.ROOT, "posts: %d sent, %d accepted, %d refused after retries, %d retries%n",
                pipeline.posts(), pipeline.sent().accepted(), pipeline.sent().failed(), pipeline.sent().retries());
        out.printf(Locale.ROOT, "on team queues: %d of %d accepted (%d lost), %d duplicates%n", pipeline.arrived(),
                pipeline.sent().accepted(), pipeline.sent().accepted() - pipeline.arrived(), pipeline.duplicates());
        out.printf(Locale.ROOT, "accepted rate: %.0f posts/s; throughput (first send -> last on queue): %.0f posts/s over %.1f s%n",
                pipeline.sent().accepted() / pipeline.sent().seconds(), pipeline.throughput(), pipeline.seconds());
        out.printf(Locale.ROOT, "latency accepted (receivedAt) -> team queue: %s%n", pipeline.latency().millis());
        out.printf(Locale.ROOT, "latency client request sent -> team queue:  %s%n", pipeline.fromRequest().millis());
        out.printf(Locale.ROOT, "latency client got 2xx -> team queue:       %s%n", pipeline.fromResponse().millis());
        out.printf(Locale.ROOT, "record size on posts.raw: %.0f bytes mean%n", meanSize);
        if (baseline != null) {
            out.println();
            out.println("== baseline (plain producer acks=all + read_committed consumer, topic " + Baseline.TOPIC + ") ==");
            out.printf(Locale.ROOT, "producer: %d records in %.2f s = %.0f records/s%n", baseline.produced().accepted(),
                    baseline.produced().seconds(), baseline.producerRate());
            out.printf(Locale.ROOT, "produce -> consume: %d records in %.2f s = %.0f records/s%n", baseline.consumed(),
                    baseline.endToEndSeconds(), baseline.endToEndRate());
            out.printf(Locale.ROOT, "latency (ack -> consumed): %s%n", baseline.latency().millis());
        }
        out.println();
        out.println("== processes during the measured run (max RSS, CPU seconds) ==");
        processes.forEach((name, figures) -> out.printf(Locale.ROOT, "%-20s %7.0f MB RSS %7.1f s CPU%n", name,
                figures[0], figures[1]));
        out.println();
        out.println("== where the time went (timers from /actuator/prometheus, during the measured run) ==");
        after.forEach((service, series) -> {
            out.println(service + ":");
            StageMetrics.report(before.getOrDefault(service, Map.of()), series, 8).forEach(l -> out.println("  " + l));
        });
        out.printf("finished %s%n", Instant.now());
    }
}
