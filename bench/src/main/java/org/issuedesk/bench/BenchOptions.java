package org.issuedesk.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the load tool. Defaults target the local run mode ({@code ./run-local.sh}).
 *
 * @param mode        how posts enter: through the gateway's REST endpoint, or straight onto posts.raw
 * @param gateway     the gateway's base URL
 * @param apiKey      the X-API-Key the gateway accepts
 * @param bootstrap   the broker, for the queue watcher, the kafka mode and the baseline
 * @param count       posts in the measured run
 * @param rate        posts per second; 0 sends as fast as the system accepts them
 * @param warmup      posts sent and awaited before the measured run (JIT, topics, connections)
 * @param concurrency HTTP requests in flight at most
 * @param batch       posts per request to POST /api/posts/batch; 0 uses POST /api/posts
 * @param seeds       a JSON-lines file whose "text" fields seed the generated texts, or null
 * @param baseline    whether to run the plain producer/consumer baseline after the pipeline run
 * @param drain       how long to wait for the last posts on the team queues
 * @param services    service name → base URL, scraped for stage metrics and sampled for RSS
 */
record BenchOptions(
        Mode mode,
        URI gateway,
        String apiKey,
        String bootstrap,
        int count,
        int rate,
        int warmup,
        int concurrency,
        int batch,
        Path seeds,
        boolean baseline,
        Duration drain,
        Map<String, URI> services) {

    enum Mode { HTTP, KAFKA }

    static final String USAGE = """
            Issue Desk load tool: posts through the pipeline, latency accepted -> team queue, and a plain
            Kafka producer/consumer baseline of the same records on the same broker.

              java -jar bench/target/bench-0.1.0-SNAPSHOT-exec.jar [options]

              --mode http|kafka      http: POST through the gateway (default); kafka: produce onto posts.raw
              --gateway URL          gateway base URL (default http://localhost:8080)
              --api-key KEY          X-API-Key (default local-dev-key, the local run mode's key)
              --bootstrap HOST:PORT  broker (default 127.0.0.1:9092)
              --count N              posts in the measured run (default 20000)
              --rate R               posts/s; 0 = as fast as possible (default 0)
              --duration S           with --rate: count = rate x duration
              --warmup N             posts sent and awaited first, not measured (default 2000)
              --concurrency C        HTTP requests in flight (default 64)
              --batch N              N posts per POST /api/posts/batch (default 0: POST /api/posts)
              --seeds FILE           JSON lines with a "text" field to seed texts
                                     (e.g. /work/shared/data/posts-dev.jsonl)
              --no-baseline          skip the plain Kafka baseline
              --drain S              seconds to wait for the last posts (default 120)
              --services a=URL,...   services to scrape (/actuator/prometheus) and sample (RSS, CPU);
                                     default the local run mode's four, 'none' for none
            """;

    static BenchOptions parse(String... args) {
        Mode mode = Mode.HTTP;
        URI gateway = URI.create("http://localhost:8080");
        String apiKey = "local-dev-key";
        String bootstrap = "127.0.0.1:9092";
        Integer count = null;
        int rate = 0;
        Integer duration = null;
        int warmup = 2000;
        int concurrency = 64;
        int batch = 0;
        Path seeds = null;
        boolean baseline = true;
        Duration drain = Duration.ofSeconds(120);
        Map<String, URI> services = localServices();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--mode" -> mode = Mode.valueOf(value(option, rest).toUpperCase());
                case "--gateway" -> gateway = URI.create(value(option, rest));
                case "--api-key" -> apiKey = value(option, rest);
                case "--bootstrap" -> bootstrap = value(option, rest);
                case "--count" -> count = positive(option, value(option, rest));
                case "--rate" -> rate = Integer.parseInt(value(option, rest));
                case "--duration" -> duration = positive(option, value(option, rest));
                case "--warmup" -> warmup = Integer.parseInt(value(option, rest));
                case "--concurrency" -> concurrency = positive(option, value(option, rest));
                case "--batch" -> batch = Integer.parseInt(value(option, rest));
                case "--seeds" -> seeds = Path.of(value(option, rest));
                case "--no-baseline" -> baseline = false;
                case "--drain" -> drain = Duration.ofSeconds(positive(option, value(option, rest)));
                case "--services" -> services = services(value(option, rest));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (duration != null) {
            if (rate <= 0) {
                throw new IllegalArgumentException("--duration needs --rate");
            }
            if (count != null) {
                throw new IllegalArgumentException("give --count or --duration, not both");
            }
            count = rate * duration;
        }
        if (rate < 0 || warmup < 0 || batch < 0) {
            throw new IllegalArgumentException("--rate, --warmup and --batch cannot be negative");
        }
        return new BenchOptions(mode, gateway, apiKey, bootstrap, count == null ? 20_000 : count, rate, warmup,
                concurrency, batch, seeds, baseline, drain, services);
    }

    private static Map<String, URI> localServices() {
        Map<String, URI> services = new LinkedHashMap<>();
        services.put("gateway", URI.create("http://127.0.0.1:8080"));
        services.put("ingest-service", URI.create("http://127.0.0.1:8081"));
        services.put("classifier-service", URI.create("http://127.0.0.1:8082"));
        services.put("routing-service", URI.create("http://127.0.0.1:8083"));
        return services;
    }

    private static Map<String, URI> services(String spec) {
        Map<String, URI> services = new LinkedHashMap<>();
        if (spec.equals("none")) {
            return services;
        }
        for (String entry : spec.split(",")) {
            String[] nameAndUrl = entry.split("=", 2);
            if (nameAndUrl.length != 2) {
                throw new IllegalArgumentException("--services wants name=URL,...; got " + entry);
            }
            services.put(nameAndUrl[0].strip(), URI.create(nameAndUrl[1].strip()));
        }
        return services;
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return n;
    }
}
