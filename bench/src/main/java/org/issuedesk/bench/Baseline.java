package org.issuedesk.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The baseline: the same number of records, of the same values, through one plain producer
 * (acks=all, idempotent, like the services') and one read_committed consumer on the same broker,
 * on a topic with as many partitions as posts.raw. One hop where the pipeline has three.
 */
final class Baseline {

    static final String TOPIC = "bench.baseline";

    record Result(Pacer.Outcome produced, double endToEndSeconds, int consumed, Latencies.Summary latency) {

        double producerRate() {
            return produced.accepted() / produced.seconds();
        }

        double endToEndRate() {
            return consumed / endToEndSeconds;
        }
    }

    static Result run(String bootstrap, List<byte[]> values, double perSecond, Duration drain) throws Exception {
        int partitions = partitionsOfPostsRaw(bootstrap);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicLong lastArrival = new AtomicLong();
        String prefix = "baseline-" + System.nanoTime() + "-";
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-baseline-consumer"),
                new StringDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                     ProducerConfig.CLIENT_ID_CONFIG, "bench-baseline-producer"),
                     new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            if (tps.size() != partitions) {
                throw new IllegalStateException(TOPIC + " has " + tps.size() + " partitions, posts.raw " + partitions
                        + ": delete " + TOPIC + " and run again");
            }
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            tps.forEach(consumer::position);

            // the consumer polls on this thread while the producer sends from another
            CompletableFuture<Pacer.Outcome> producing = CompletableFuture.supplyAsync(() -> {
                try {
                    return Pacer.run(values.size(), perSecond, 10_000, i -> {
                        String key = prefix + i;
                        CompletableFuture<Long> ack = new CompletableFuture<>();
                        producer.send(new ProducerRecord<>(TOPIC, key, values.get(i)), (metadata, error) -> {
                            if (error != null) {
                                ack.completeExceptionally(error);
                            } else {
                                long now = System.nanoTime();
                                sent.put(key, now);
                                ack.complete(now);
                            }
                        });
                        return ack;
                    }, 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            long deadline = Long.MAX_VALUE;
            while (arrived.size() < values.size() && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                records.forEach(r -> {
                    if (r.key() != null && r.key().startsWith(prefix) && arrived.putIfAbsent(r.key(), now) == null) {
                        lastArrival.set(now);
                    }
                });
                if (producing.isDone() && deadline == Long.MAX_VALUE) {
                    deadline = System.nanoTime() + drain.toNanos();
                }
            }
            Pacer.Outcome produced = producing.join();
            Latencies latencies = new Latencies();
            arrived.forEach((key, at) -> Optional.ofNullable(sent.get(key)).ifPresent(ack -> latencies.add(Math.max(0, at - ack))));
            return new Result(produced, (lastArrival.get() - produced.firstSend()) / 1e9, arrived.size(),
                    latencies.summary());
        }
    }

    private static int partitionsOfPostsRaw(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of("posts.raw")).allTopicNames().get()
                    .get("posts.raw").partitions().size();
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return partitions;
        }
    }
}
