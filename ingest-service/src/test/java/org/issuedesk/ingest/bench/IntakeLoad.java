package org.issuedesk.ingest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Intake throughput of {@code POST /api/posts/batch}: sends NDJSON batches of new posts (unique ids
 * per run, so de-duplication never short-cuts) from a few concurrent clients and prints posts/s
 * accepted (each acknowledged by the broker) and batch latency. Needs only the JDK, so it runs from
 * the test classes:
 *
 * <pre>
 * ./mvnw -q -pl ingest-service test-compile
 * java -cp ingest-service/target/test-classes org.issuedesk.ingest.bench.IntakeLoad \
 *     --url=http://127.0.0.1:8081 --batch=500 --batches=200 --clients=4
 * </pre>
 * Through the gateway add {@code --url=http://127.0.0.1:8080 --api-key=...}. Straight to ingest, which
 * lets in only requests carrying the gateway's identity token, add {@code --internal-key=<ISSUEDESK_INTERNAL_KEY>}
 * (the local run mode's is {@code local-dev-internal-key-not-a-secret-000}): it mints an ingest-role token per
 * request, which needs the contracts module and Jackson on the class path:
 * <pre>
 * ./mvnw -q -pl ingest-service dependency:build-classpath -Dmdep.outputFile=target/test.classpath
 * java -cp ingest-service/target/test-classes:$(cat ingest-service/target/test.classpath) \
 *     org.issuedesk.ingest.bench.IntakeLoad --url=http://127.0.0.1:8081 --internal-key=...
 * </pre>
 */
public final class IntakeLoad {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("url", "http://127.0.0.1:8081", "batch", "500",
                "batches", "200", "clients", "4", "warmup", "20", "text-length", "200"));
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        URI uri = URI.create(options.get("url") + "/api/posts/batch");
        int batch = Integer.parseInt(options.get("batch"));
        int batches = Integer.parseInt(options.get("batches"));
        int clients = Integer.parseInt(options.get("clients"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int textLength = Integer.parseInt(options.get("text-length"));
        String apiKey = options.get("api-key");
        String internalKey = options.get("internal-key");
        Consumer<HttpRequest.Builder> credentials = request -> {
            if (apiKey != null) {
                request.header("X-Api-Key", apiKey);
            }
            if (internalKey != null) {
                request.header(GatewayIdentity.HEADER, GatewayIdentity.token(internalKey));
            }
        };
        String run = UUID.randomUUID().toString().substring(0, 8);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong sequence = new AtomicLong();
        System.out.printf("IntakeLoad: %s, %d posts per batch, %d batches (+%d warm-up), %d clients, text %d chars, run %s%n",
                uri, batch, batches, warmup, clients, textLength, run);

        // warm-up: JIT, connection pools, producer batching; not measured
        execute(http, uri, credentials, run, batch, warmup, clients, textLength, sequence, new ArrayList<>());

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        long accepted = execute(http, uri, credentials, run, batch, batches, clients, textLength, sequence, latencies);
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("accepted %d of %d posts in %.1f s: %.0f posts/s%n", accepted, (long) batch * batches, seconds,
                accepted / seconds);
        System.out.printf("batch latency ms: p50 %.1f, p99 %.1f, max %.1f%n", percentile(sorted, 0.50),
                percentile(sorted, 0.99), percentile(sorted, 1.0));
        System.out.printf("machine: %d cores (%s %s), Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        if (accepted != (long) batch * batches) {
            System.out.println("WARNING: not every post was accepted (see the service's answers/logs)");
            System.exit(1);
        }
    }

    private static long execute(HttpClient http, URI uri, Consumer<HttpRequest.Builder> credentials, String run, int batch, int batches,
            int clients, int textLength, AtomicLong sequence, List<Long> latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong accepted = new AtomicLong();
        AtomicLong next = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (next.getAndIncrement() < batches) {
                    String body = ndjson(run, batch, textLength, sequence);
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body));
                    credentials.accept(request);
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - sent);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                    Matcher m = ACCEPTED.matcher(response.body());
                    if (m.find()) {
                        accepted.addAndGet(Long.parseLong(m.group(1)));
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return accepted.get();
    }

    private static String ndjson(String run, int batch, int textLength, AtomicLong sequence) {
        StringBuilder body = new StringBuilder(batch * (textLength + 200));
        String filler = "Still no news on my #EI claim after 6 weeks, @ServiceCanada_E https://canada.ca/ei ";
        for (int i = 0; i < batch; i++) {
            long n = sequence.incrementAndGet();
            StringBuilder text = new StringBuilder(textLength);
            text.append(n).append(' ');
            while (text.length() < textLength) {
                text.append(filler);
            }
            text.setLength(textLength);
            body.append("{\"id\":\"load-").append(run).append('-').append(n)
                    .append("\",\"platform\":\"load\",\"author\":\"@load").append(n % 1000)
                    .append("\",\"text\":\"").append(text).append("\",\"createdAt\":\"").append(Instant.now())
                    .append("\",\"lang\":\"en\"}\n");
        }
        return body.toString();
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /** Apart, so that the JDK-only modes never load the contracts' classes (and Jackson). */
    private static final class GatewayIdentity {

        static final String HEADER = org.issuedesk.contracts.identity.InternalToken.HEADER;

        /** An ingest-role token as the gateway mints it for a caller, valid 60 s. */
        static String token(String key) {
            return org.issuedesk.contracts.identity.InternalToken.of(key,
                    org.issuedesk.contracts.identity.InternalToken.DEFAULT_ISSUER)
                    .mint("intake-load", "api-key", List.of("ingest"), List.of(), Duration.ofSeconds(60));
        }
    }
}
