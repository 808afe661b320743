package org.issuedesk.ingest.connectors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * GET with a Resilience4j retry (exponential backoff; a {@code Retry-After} in seconds on 429/503
 * wins) inside a circuit breaker per source, as every polling connector needs.
 */
final class ConnectorHttp {

    /** A fetch answered 429 or 5xx: retried, after {@code retryAfter} when the server said so. */
    static final class RetryableStatus extends IOException {
        final Duration retryAfter;

        RetryableStatus(int status, Duration retryAfter) {
            super("HTTP " + status);
            this.retryAfter = retryAfter;
        }
    }

    private final HttpClient http;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration timeout;
    private final Duration breakerWait;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    ConnectorHttp(int maxAttempts, Duration backoff, Duration timeout, Duration breakerWait) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.breakerWait = breakerWait;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    byte[] get(String source, URI uri, String accept) throws Exception {
        CircuitBreaker breaker = breakers.computeIfAbsent(source, name -> CircuitBreaker.of(name,
                CircuitBreakerConfig.custom().minimumNumberOfCalls(3).waitDurationInOpenState(breakerWait).build()));
        IntervalBiFunction<Object> interval = (attempt, result) -> {
            if (result.isLeft() && result.getLeft() instanceof RetryableStatus status && status.retryAfter != null) {
                return status.retryAfter.toMillis();
            }
            return backoff.toMillis() * (1L << Math.max(0, attempt - 1));
        };
        Retry retry = Retry.of(source, RetryConfig.custom().maxAttempts(maxAttempts).intervalBiFunction(interval)
                .retryExceptions(IOException.class).build());
        return breaker.executeCallable(() -> retry.executeCallable(() -> fetch(uri, accept)));
    }

    private byte[] fetch(URI uri, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept)
                .header("User-Agent", "issuedesk-ingest").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new RetryableStatus(status, response.headers().firstValue("Retry-After").map(ConnectorHttp::seconds).orElse(null));
        }
        if (status != 200) {
            throw new IOException("HTTP " + status + " from " + uri);
        }
        return response.body();
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Math.min(300, Long.parseLong(retryAfter.strip())));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to the backoff
        }
    }
}
