package org.issuedesk.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time goes: each service's timers from {@code /actuator/prometheus} (every
 * {@code *_seconds_count} / {@code *_seconds_sum} series) before and after a run; the difference
 * gives each stage's calls and mean time during the run.
 */
final class StageMetrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** service → series → value. */
    static Map<String, Map<String, Double>> scrape(Map<String, URI> services) {
        Map<String, Map<String, Double>> all = new LinkedHashMap<>();
        services.forEach((name, base) -> all.put(name, scrape(base.resolve("/actuator/prometheus"))));
        return all;
    }

    static Map<String, Double> scrape(URI uri) {
        Map<String, Double> series = new HashMap<>();
        try {
            String body = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                try {
                    series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // not a sample line
                }
            }
        } catch (Exception e) {
            // a service that does not answer has no figures
        }
        return series;
    }

    /** Lines "calls, mean ms, total s, series" for the timers that ran, biggest total first. */
    static List<String> report(Map<String, Double> before, Map<String, Double> after, int top) {
        record Row(String series, double calls, double seconds) {
        }
        List<Row> rows = new ArrayList<>();
        after.forEach((series, value) -> {
            if (!series.contains("_seconds_count")) {
                return;
            }
            String sumSeries = series.replace("_seconds_count", "_seconds_sum");
            double calls = value - before.getOrDefault(series, 0.0);
            double seconds = after.getOrDefault(sumSeries, 0.0) - before.getOrDefault(sumSeries, 0.0);
            if (calls > 0) {
                rows.add(new Row(series.replace("_seconds_count", ""), calls, seconds));
            }
        });
        rows.sort((a, b) -> Double.compare(b.seconds, a.seconds));
        List<String> lines = new ArrayList<>();
        rows.stream().limit(top).forEach(r -> lines.add(String.format(Locale.ROOT, "%9.0f calls %9.2f ms mean %8.1f s total  %s",
                r.calls, 1000 * r.seconds / r.calls, r.seconds, shorten(r.series))));
        after.forEach((series, value) -> {
            // Micrometer's Kafka binder repeats each series with the topic's dots as underscores: keep one
            if (series.startsWith("kafka_consumer_fetch_manager_records_lag_max") && !series.matches(".*topic=\"[^\".]*_[^\"]*\".*")
                    && value > 0) {
                lines.add(String.format(Locale.ROOT, "   lag max %8.0f  %s", value, shorten(series)));
            }
        });
        return lines;
    }

    /** Drops labels that only repeat what the reader knows (application, exception none, outcome SUCCESS). */
    private static String shorten(String series) {
        return series.replaceAll(",?(application|error|exception|outcome|kafka_version|spring_id|client_id|method)=\"[^\"]*\"", "")
                .replace("{,", "{");
    }
}
