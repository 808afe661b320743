package org.issuedesk.classifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Reads every partition of one topic from the beginning, for ever, without a consumer group: each
 * instance of the service needs the whole topic (a registry, every correction), so nothing is committed
 * and no group is left behind per instance. It is the "assign all partitions and seek to the beginning"
 * pattern of Kafka Connect's config topic, on one daemon thread. It waits for a topic that does not
 * exist yet, picks up partitions added later, and after a failure reconnects and goes on from where it
 * was. A record whose value could not be deserialised is handed to {@link Handler#poison}; a null value
 * without such an error is a tombstone.
 */
public final class WholeTopicReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WholeTopicReader.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(WholeTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final long PARTITION_CHECK_MS = 30_000;
    private static final long RETRY_MS = 2_000;

    /** What the reader calls, always from its own thread. */
    public interface Handler {

        /** The good records of one poll (possibly none), in offset order per partition. */
        void records(List<ConsumerRecord<String, Object>> records);

        /** Once, when the reader first reached the end offsets the topic had when it started. */
        default void caughtUp() {
        }

        default void poison(ConsumerRecord<String, Object> record, DeserializationException error) {
            log.warn("Skipping record {}-{}@{} that cannot be read: {}", record.topic(), record.partition(),
                    record.offset(), error.getMessage());
        }
    }

    private final String topic;
    private final Supplier<Consumer<String, Object>> consumers;
    private final Handler handler;
    /** The next offset to read per partition, once the records before it are handled. */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Consumer<String, Object> consumer;
    private Thread thread;

    /**
     * @param consumers makes a consumer with no {@code group.id} (and no auto-commit)
     */
    public WholeTopicReader(String topic, Supplier<Consumer<String, Object>> consumers, Handler handler) {
        this.topic = topic;
        this.consumers = consumers;
        this.handler = handler;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /**
     * Waits until the record at this offset of this partition has been handled.
     *
     * @return false if that did not happen within the timeout
     */
    public boolean awaitHandled(int partition, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (positions.getOrDefault(partition, 0L) <= offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /** Waits until the reader has caught up (see {@link Handler#caughtUp}), at most the timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!caughtUp) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "read-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, Object> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Consumer<String, Object> c = consumers.get()) {
                consumer = c;
                read(c);
            } catch (WakeupException e) {
                // stopping
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                log.warn("Reading {} failed, again in {} ms: {}", topic, RETRY_MS, e.toString());
                sleep(RETRY_MS);
            } finally {
                consumer = null;
            }
        }
    }

    private void read(Consumer<String, Object> c) {
        Map<TopicPartition, Long> ends = null;
        long partitionsCheckedAt = 0;
        List<TopicPartition> assigned = List.of();
        while (running) {
            if (System.currentTimeMillis() - partitionsCheckedAt > PARTITION_CHECK_MS || assigned.isEmpty()) {
                List<TopicPartition> partitions = partitionsOf(c);
                partitionsCheckedAt = System.currentTimeMillis();
                if (partitions.isEmpty()) {
                    log.debug("Topic {} does not exist yet", topic);
                    sleep(RETRY_MS);
                    partitionsCheckedAt = 0;
                    continue;
                }
                if (!partitions.equals(assigned)) {
                    assign(c, partitions);
                    assigned = partitions;
                }
                if (ends == null && !caughtUp) {
                    ends = c.endOffsets(assigned);
                }
            }
            ConsumerRecords<String, Object> polled = c.poll(POLL);
            List<ConsumerRecord<String, Object>> good = new ArrayList<>(polled.count());
            for (ConsumerRecord<String, Object> record : polled) {
                DeserializationException error = record.value() == null
                        ? SerializationUtils.getExceptionFromHeader(record,
                                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR)
                        : null;
                if (error != null) {
                    handler.poison(record, error);
                } else {
                    good.add(record);
                }
            }
            if (!good.isEmpty() || !caughtUp) {
                handler.records(good);
            }
            Map<Integer, Long> now = new HashMap<>();
            assigned.forEach(p -> now.put(p.partition(), c.position(p)));
            boolean reachedEnd = !caughtUp && ends != null && ends.entrySet().stream()
                    .allMatch(e -> now.getOrDefault(e.getKey().partition(), 0L) >= e.getValue());
            if (reachedEnd) {
                handler.caughtUp();
            }
            synchronized (progress) {
                positions.putAll(now);
                caughtUp |= reachedEnd;
                progress.notifyAll();
            }
        }
    }

    private List<TopicPartition> partitionsOf(Consumer<String, Object> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        return infos == null ? List.of() : infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }

    /** New partitions from the beginning, known ones from where this reader was. */
    private void assign(Consumer<String, Object> c, List<TopicPartition> partitions) {
        c.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long position = positions.get(partition.partition());
            if (position == null) {
                c.seekToBeginning(List.of(partition));
            } else {
                c.seek(partition, position);
            }
        }
        log.info("Reading all of {} from partitions {}", topic, partitions.stream().map(TopicPartition::partition).toList());
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
