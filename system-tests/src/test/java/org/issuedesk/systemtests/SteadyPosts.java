package org.issuedesk.systemtests;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Posts sent through the gateway at a steady rate by a client that retries each post until it gets
 * its 202, as a real connector would: what the system accepted (202) must then be on its team's
 * queue and in the cases table exactly once, whatever failed meanwhile.
 */
final class SteadyPosts implements AutoCloseable {

    private static final String[] TEXTS = {
            "Still no news on my EI claim after %d weeks",
            "Toujours pas de nouvelles de ma demande d'assurance-emploi après %d semaines",
            "My passport application has been stuck for %d days, I fly next month",
            "Mon passeport est en retard de %d jours, je pars bientôt",
            "Did the CRA really send my tax refund by text message? %d dollars",
            "Lovely sunset over the harbour tonight, walk number %d with friends",
    };
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final Duration GIVE_UP_AFTER_STOP = Duration.ofSeconds(60);

    private final Supplier<GatewayClient> gateway;
    private final String apiKey;
    private final String prefix;
    private final long intervalNanos;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long stopDeadline;

    /**
     * @param gateway   the gateway client (asked again at each attempt: a restarted gateway keeps its port)
     * @param prefix    the external ids' prefix; post ids are {@code mastodon:<prefix><n>}
     * @param perSecond the steady rate
     */
    SteadyPosts(Supplier<GatewayClient> gateway, String apiKey, String prefix, int perSecond) {
        this.gateway = gateway;
        this.apiKey = apiKey;
        this.prefix = prefix;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.thread = new Thread(this::run, "steady-posts-" + prefix);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        for (int n = 0; !stopping; n++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += intervalNanos;
            String id = prefix + n;
            String json = """
                    {"id":"%s","platform":"mastodon","author":"@steady","text":"%s","createdAt":"2026-11-20T14:03:00Z"}"""
                    .formatted(id, TEXTS[n % TEXTS.length].formatted(n + 2)); // unique: no cross-posts
            if (sendUntilAccepted(json)) {
                accepted.add("mastodon:" + id);
            } else {
                abandoned.incrementAndGet();
            }
            if (System.nanoTime() > next + TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime(); // after an outage, carry on at the rate rather than in a burst
            }
        }
    }

    private boolean sendUntilAccepted(String json) {
        while (!stopping || System.nanoTime() < stopDeadline) {
            try {
                HttpResponse<String> response = gateway.get().post("/api/posts", json, apiKey);
                if (response.statusCode() == 202) {
                    return true;
                }
            } catch (Exception e) {
                // connection refused or reset while a service restarts: try again
            }
            refusals.incrementAndGet();
            LockSupport.parkNanos(RETRY_PAUSE.toNanos());
        }
        return false;
    }

    /** Post ids accepted so far (202), in order. */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** Attempts that got no 202 (each was retried). */
    int refusals() {
        return refusals.get();
    }

    /** Posts given up after {@link #close()} without a 202 (not counted as accepted). */
    int abandoned() {
        return abandoned.get();
    }

    boolean isRunning() {
        return thread.isAlive() && !stopping;
    }

    /** Stops sending; the post in flight gets up to a minute more to be accepted. */
    @Override
    public void close() throws InterruptedException {
        stopDeadline = System.nanoTime() + GIVE_UP_AFTER_STOP.toNanos();
        stopping = true;
        thread.join(GIVE_UP_AFTER_STOP.toMillis() + 5000);
    }
}
