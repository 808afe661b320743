package org.issuedesk.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issuedesk.contracts.kafka.EventDeserializer;
import org.issuedesk.contracts.routing.RoutedCase;

/**
 * Watches every team's queue ({@code team-queue.*}) as a read_committed consumer and notes when each
 * post id (the record key) first appears: in this JVM's {@link System#nanoTime()} (against the client's
 * 202), and on the wall clock next to the post's {@code receivedAt} (when ingest accepted it; same
 * machine, same clock in the local run mode).
 */
final class QueueWatcher implements AutoCloseable {

    private static final Pattern TEAM_QUEUES = Pattern.compile("team-queue\\..*");

    private final KafkaConsumer<String, byte[]> consumer;
    private final String prefix;
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final EventDeserializer events = new EventDeserializer();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong lastArrival = new AtomicLong();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /** Watches for keys starting with {@code prefix} (this run's posts). */
    QueueWatcher(String bootstrap, String prefix) {
        this.prefix = prefix;
        this.consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2000,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-queue-watcher"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "bench-queue-watcher");
        this.thread.setDaemon(true);
    }

    void start(Duration timeout) throws InterruptedException {
        thread.start();
        if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the queue watcher could not list the topics within "
                    + timeout.toSeconds() + " s (is the broker at the given bootstrap servers?)");
        }
    }

    /**
     * Assigns the team queues itself (no group, so no rebalance ever rewinds a partition): those that
     * exist at the start are read from their end (they hold older runs' records), queues created later
     * from their beginning. New queues are looked for every second.
     */
    private void run() {
        try {
            assignTeamQueues(true);
            caughtUp.countDown();
            long nextLookup = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    String key = record.key();
                    if (key != null && key.startsWith(prefix)) {
                        if (arrivals.putIfAbsent(key, arrival(record, now)) == null) {
                            lastArrival.set(now);
                        } else {
                            duplicates.incrementAndGet();
                        }
                    }
                }
                if (now > nextLookup) {
                    assignTeamQueues(false);
                    nextLookup = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void assignTeamQueues(boolean atStart) {
        List<TopicPartition> found = consumer.listTopics(Duration.ofSeconds(10)).entrySet().stream()
                .filter(e -> TEAM_QUEUES.matcher(e.getKey()).matches())
                .flatMap(e -> e.getValue().stream().map(p -> new TopicPartition(p.topic(), p.partition())))
                .toList();
        List<TopicPartition> added = found.stream().filter(tp -> !assigned.contains(tp)).toList();
        if (added.isEmpty()) {
            return;
        }
        assigned.addAll(added);
        consumer.assign(assigned);
        if (atStart) {
            consumer.seekToEnd(added);
        } else {
            consumer.seekToBeginning(added);
        }
        added.forEach(consumer::position);
    }

    /**
     * When a post first appeared on a team queue.
     *
     * @param nanos           this JVM's nanoTime then
     * @param wallMicros      the wall clock then, in microseconds since the epoch
     * @param receivedAtMicros the post's {@code receivedAt} (when ingest accepted it), same unit, or -1
     */
    record Arrival(long nanos, long wallMicros, long receivedAtMicros) {
    }

    private Arrival arrival(ConsumerRecord<String, byte[]> record, long nanos) {
        long receivedAt = -1;
        try {
            if (events.deserialize(record.topic(), record.value()) instanceof RoutedCase routed
                    && routed.post() != null && routed.post().post() != null
                    && routed.post().post().receivedAt() != null) {
                receivedAt = micros(routed.post().post().receivedAt());
            }
        } catch (RuntimeException e) {
            // not a RoutedCase: no receivedAt
        }
        return new Arrival(nanos, micros(Instant.now()), receivedAt);
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** When the post first appeared on a team queue, or null. */
    Arrival arrival(String postId) {
        return arrivals.get(postId);
    }

    int seen(Collection<String> postIds) {
        return (int) postIds.stream().filter(arrivals::containsKey).count();
    }

    long duplicates() {
        return duplicates.get();
    }

    long lastArrival() {
        return lastArrival.get();
    }

    List<TopicPartition> assignment() {
        return List.copyOf(assigned);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
