package org.issuedesk.ingest.connectors;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.issuedesk.ingest.intake.Intake;
import org.issuedesk.ingest.intake.PostRequest;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bluesky's Jetstream firehose: a WebSocket subscription to {@code wantedCollections=app.bsky.feed.post}
 * that receives every new post of the network as JSON ({@code {did, time_us, kind:"commit",
 * commit:{operation:"create", collection, rkey, record:{text, createdAt, langs}}}}), keeps those whose
 * text holds a keyword, and hands them to the intake in batches.
 *
 * <p>The cursor is the {@code time_us} of the last event handed over (or passed over); a (re)connection
 * asks Jetstream to replay from it ({@code cursor=}), so a restart or an outage loses nothing and what
 * comes again is answered duplicate. While the broker is away the subscription is closed and the
 * cursor stays; it reconnects from the cursor once the publish breaker lets posts through again.
 * Events are read one at a time (WebSocket demand), so a slow intake slows the stream instead of
 * filling memory. Other event kinds, deletes and other collections are passed over; an event that is
 * not JSON, too long, or a post without did/rkey/record is skipped and counted
 * ({@code issuedesk_ingest_connector_malformed_total{source="jetstream"}}). Post id = the post's
 * {@code at://} uri (as the post search gives it, so a post seen both ways is published once), author =
 * the {@code did} (the firehose carries no handle).
 */
@Component
public class JetstreamConnector implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JetstreamConnector.class);
    static final String PLATFORM = "bluesky";
    /** The cursor's key and the metrics' source tag. */
    public static final String CURSOR = "bluesky:jetstream";
    static final String SOURCE = "jetstream";
    public static final String MALFORMED = "issuedesk.ingest.connector.malformed";
    static final String POST_COLLECTION = "app.bsky.feed.post";
    private static final Duration PAUSE_CHECK = Duration.ofMillis(500);

    /** How a subscription ended. */
    private enum End {
        /** the server closed it or the connection failed: reconnect after a backoff */
        ENDED,
        /** posts could not be stored: reconnect from the cursor once the broker is back */
        PAUSED,
        /** the connector is stopping */
        STOPPED
    }

    /** The stream ended (closed by the server, or failed). */
    private record Closed(String why) {
    }

    /** A binary or over-long message: not an event we can read. */
    private record Unreadable(String why) {
    }

    private final JetstreamProperties properties;
    private final Handover handover;
    private final ConnectorCursors cursors;
    private final JsonMapper json;
    private final Counter malformed;
    private final Pattern keywords;
    private final ExecutorService httpExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jetstream-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;

    private volatile boolean running;
    private volatile Thread worker;
    private volatile WebSocket socket;

    public JetstreamConnector(JetstreamProperties properties, Intake intake, PublishBreaker publishBreaker,
            ConnectorCursors cursors, JsonMapper json, MeterRegistry registry) {
        this.properties = properties;
        this.handover = new Handover(intake, publishBreaker);
        this.cursors = cursors;
        this.json = json;
        this.malformed = Counter.builder(MALFORMED)
                .description("Connector events that could not be read as posts (skipped)")
                .tag("source", SOURCE).register(registry);
        this.keywords = properties.keywords().isEmpty() ? null : Pattern.compile(
                properties.keywords().stream().map(k -> Pattern.quote(k.strip())).collect(Collectors.joining("|",
                        "(?<![\\p{L}\\p{N}])(?:", ")(?![\\p{L}\\p{N}])")),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).executor(httpExecutor).build();
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        Thread thread = new Thread(this::run, "jetstream");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = properties.reconnectBackoff();
        while (running) {
            try {
                if (handover.paused()) {
                    Thread.sleep(PAUSE_CHECK.toMillis());
                    continue;
                }
                End end = subscribe();
                if (end == End.STOPPED) {
                    return;
                }
                if (end == End.PAUSED) {
                    backoff = properties.reconnectBackoff();
                    Thread.sleep(backoff.toMillis());
                    continue;
                }
                Thread.sleep(backoff.toMillis());
                backoff = min(backoff.multipliedBy(2), properties.maxReconnectBackoff());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                log.warn("jetstream subscription failed (retrying in {}): {}", backoff, e.toString());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
                backoff = min(backoff.multipliedBy(2), properties.maxReconnectBackoff());
            }
        }
    }

    /** One subscription, from the stored cursor until the stream ends, posts cannot be stored, or we stop. */
    private End subscribe() throws Exception {
        String stored = cursors.get(CURSOR).orElse(null);
        long handed = stored == null ? -1 : Long.parseLong(stored);
        URI uri = subscribeUri(stored);
        Listener listener = new Listener(properties.maxMessageChars());
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().connectTimeout(properties.connectTimeout()).buildAsync(uri, listener)
                    .get(properties.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.warn("jetstream: cannot connect to {}: {}", uri, cause instanceof WebSocketHandshakeException refused
                    ? "HTTP " + refused.getResponse().statusCode() : String.valueOf(cause));
            return End.ENDED;
        }
        socket = ws;
        log.info("jetstream: subscribed to {}", uri);
        try {
            List<PostRequest> pending = new ArrayList<>();
            long seen = handed;
            long flushAt = System.nanoTime() + properties.flushInterval().toNanos();
            while (running) {
                Object message = listener.messages.poll(Math.max(0, flushAt - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message instanceof Closed closed) {
                    log.info("jetstream: stream ended ({}); reconnecting from the cursor", closed.why());
                    return handOver(pending, seen, handed) >= 0 ? End.ENDED : End.PAUSED;
                }
                if (message != null) {
                    ws.request(1); // the next event, only now: a slow intake slows the stream
                    long at = read(message, pending);
                    seen = Math.max(seen, at);
                }
                if (pending.size() >= properties.batchSize() || System.nanoTime() >= flushAt) {
                    long now = handOver(pending, seen, handed);
                    if (now < 0) {
                        log.info("jetstream paused: the broker did not store every post; the cursor stays at {}", handed);
                        return End.PAUSED;
                    }
                    handed = now;
                    flushAt = System.nanoTime() + properties.flushInterval().toNanos();
                }
            }
            return End.STOPPED;
        } finally {
            socket = null;
            ws.abort();
        }
    }

    /**
     * Hands the pending posts over and stores the cursor.
     *
     * @return the cursor now stored; -1 when posts could not be stored (the cursor stays)
     */
    private long handOver(List<PostRequest> pending, long seen, long handed) {
        if (!pending.isEmpty() && handover.take(pending, SOURCE).isEmpty()) {
            return -1;
        }
        pending.clear();
        if (seen > handed) {
            cursors.put(CURSOR, Long.toString(seen));
            return seen;
        }
        return handed;
    }

    /**
     * Reads one event, adding a wanted post to {@code pending}.
     *
     * @return its {@code time_us}, or -1 when it has none
     */
    long read(Object message, List<PostRequest> pending) {
        if (!(message instanceof String text)) {
            malformed.increment();
            log.debug("jetstream: skipped {}", message);
            return -1;
        }
        JsonNode event;
        try {
            event = json.readTree(text);
        } catch (RuntimeException e) {
            malformed.increment();
            return -1;
        }
        JsonNode timeUs = event.path("time_us");
        if (!event.isObject() || !timeUs.isIntegralNumber()) {
            malformed.increment();
            return -1;
        }
        long at = timeUs.asLong();
        if (!"commit".equals(event.path("kind").asString(null))) {
            return at; // identity and account events
        }
        JsonNode commit = event.path("commit");
        if (!commit.isObject()) {
            malformed.increment();
            return at;
        }
        if (!"create".equals(commit.path("operation").asString(null))
                || !POST_COLLECTION.equals(commit.path("collection").asString(null))) {
            return at; // updates, deletes, likes, follows, ...
        }
        String did = event.path("did").asString(null);
        String rkey = commit.path("rkey").asString(null);
        JsonNode record = commit.path("record");
        if (did == null || did.isBlank() || rkey == null || rkey.isBlank() || !record.isObject()) {
            malformed.increment();
            return at;
        }
        String postText = record.path("text").asString(null);
        if (keywords != null && (postText == null || !keywords.matcher(postText).find())) {
            return at;
        }
        pending.add(toPost(did, rkey, record, postText));
        return at;
    }

    private static PostRequest toPost(String did, String rkey, JsonNode record, String text) {
        Instant createdAt = null;
        try {
            String at = record.path("createdAt").asString(null);
            createdAt = at == null ? null : OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            // left null: the intake rejects it and counts it
        }
        JsonNode langs = record.path("langs");
        String lang = langs.isArray() && !langs.isEmpty() ? langs.get(0).asString(null) : null;
        return new PostRequest("at://" + did + "/" + POST_COLLECTION + "/" + rkey, PLATFORM, did, text, createdAt, lang,
                "https://bsky.app/profile/" + did + "/post/" + rkey);
    }

    URI subscribeUri(String cursor) {
        String base = properties.url().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + "wantedCollections=" + POST_COLLECTION
                + (cursor == null ? "" : "&cursor=" + cursor));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Whole messages into a queue, one at a time: the worker asks for the next once it took one. */
    private static final class Listener implements WebSocket.Listener {

        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final int maxChars;
        private final StringBuilder partial = new StringBuilder();
        private boolean tooLong;

        Listener(int maxChars) {
            this.maxChars = maxChars;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (!tooLong) {
                partial.append(data);
                if (partial.length() > maxChars) {
                    tooLong = true;
                    partial.setLength(0);
                }
            }
            if (last) {
                messages.add(tooLong ? new Unreadable("an event over " + maxChars + " characters") : partial.toString());
                partial.setLength(0);
                tooLong = false;
            } else {
                ws.request(1); // the rest of this message
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (last) {
                messages.add(new Unreadable("a binary message (compression is not asked for)"));
            } else {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            messages.add(new Closed("closed by the server: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            messages.add(new Closed(String.valueOf(error)));
        }
    }
}
