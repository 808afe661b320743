package org.issuedesk.classifier.surge;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * posts.classified → (posts with a policy file, reduced to a {@link SurgePost} and re-keyed by file) → {@link SurgeProcessor} with one state
 * store of {@link FileSurgeState} per file → issues.alerts, keyed by policy-file id. Event time is the
 * post's createdAt.
 */
public final class SurgeTopology {

    public static final String STORE = "surge-state";
    // named after what it carries (SurgePost): the earlier "posts-by-policy-file" carried whole posts
    static final String BY_POLICY_FILE = "surge-posts-by-policy-file";
    /** A createdAt this far past the record's own time is a wrong clock, not the future. */
    static final long MAX_CLOCK_SKEW_MS = 5 * 60_000;

    private SurgeTopology() {
    }

    public static void build(StreamsBuilder builder, SurgeProperties settings, Clock clock, MeterRegistry meters) {
        build(builder, settings, clock, meters, Stores.persistentKeyValueStore(STORE));
    }

    /** With another store (tests: in memory, still with its changelog). */
    static void build(StreamsBuilder builder, SurgeProperties settings, Clock clock, MeterRegistry meters,
            KeyValueBytesStoreSupplier store) {
        var posts = JsonSerde.of(ClassifiedPost.class);
        // cached: the state is written to RocksDB and its changelog once per file per commit, not once per post
        builder.addStateStore(Stores.keyValueStoreBuilder(store, Serdes.String(), JsonSerde.of(FileSurgeState.class))
                .withCachingEnabled());
        builder.stream(Topics.POSTS_CLASSIFIED.name(),
                        Consumed.with(Serdes.String(), posts).withTimestampExtractor(new CreatedAt()))
                .filter((postId, post) -> post != null && post.policyFile() != null && post.post() != null)
                .map((postId, post) -> KeyValue.pair(post.policyFile(), SurgePost.of(post)))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(SurgePost.class)).withName(BY_POLICY_FILE))
                .process(() -> new SurgeProcessor(new SurgeDetector(settings), settings, clock, meters), STORE)
                .to(Topics.ISSUES_ALERTS.name(), Produced.with(Serdes.String(), JsonSerde.of(IssueAlert.class)));
    }

    /** The post's createdAt, unless missing or implausibly ahead of the record's timestamp. */
    static final class CreatedAt implements TimestampExtractor {

        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            if (record.value() instanceof ClassifiedPost post && post.post() != null && post.post().createdAt() != null) {
                long createdAt = post.post().createdAt().toEpochMilli();
                return record.timestamp() >= 0 && createdAt > record.timestamp() + MAX_CLOCK_SKEW_MS
                        ? record.timestamp() : createdAt;
            }
            return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
        }
    }
}
