package org.issuedesk.gateway.edge;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.issuedesk.gateway.IssueDeskGatewayProperties;

/**
 * In-memory token buckets, one per client key: {@code burst} tokens, refilled at {@code requestsPerSecond}. Per
 * gateway instance: with N instances a client gets up to N times the rate (documented).
 */
public class TokenBuckets {

    /** Above this many clients, full (idle) buckets are forgotten: they hold nothing a new bucket would not. */
    private static final int FORGET_IDLE_ABOVE = 10_000;

    private final boolean enabled;
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(IssueDeskGatewayProperties.RateLimit settings) {
        this(settings, System::nanoTime);
    }

    TokenBuckets(IssueDeskGatewayProperties.RateLimit settings, LongSupplier nanoTime) {
        this.enabled = settings.enabled();
        this.perNano = settings.requestsPerSecond() / 1e9;
        this.burst = settings.burst();
        this.nanoTime = nanoTime;
    }

    /** Takes one token: {@link Duration#ZERO} when granted, else how long until one is available. */
    public Duration tryTake(String client) {
        if (!enabled) {
            return Duration.ZERO;
        }
        if (buckets.size() > FORGET_IDLE_ABOVE) {
            long now = nanoTime.getAsLong();
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(client, key -> new Bucket(burst, nanoTime.getAsLong()))
                .take(nanoTime.getAsLong());
    }

    private final class Bucket {

        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Duration take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * perNano);
            updated = now;
        }
    }
}
