package org.issuedesk.ingest.intake;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.kafka.EventDeserializer;
import org.issuedesk.testsupport.TopicRecords;

/**
 * Every committed record of posts.raw (test-support's {@link TopicRecords}), values read as events:
 * an "accepted" answer means the broker had acknowledged the record, so it lies before the end read.
 */
public final class PostsRawRecords {

    private static final EventDeserializer EVENTS = new EventDeserializer();

    private PostsRawRecords() {
    }

    public static List<ConsumerRecord<String, Object>> all(String brokers) {
        String topic = Topics.POSTS_RAW.name();
        return TopicRecords.committed(brokers, topic).stream()
                .map(r -> new ConsumerRecord<String, Object>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                        r.timestampType(), r.serializedKeySize(), r.serializedValueSize(), r.key(),
                        EVENTS.deserialize(topic, r.value()), r.headers(), Optional.empty()))
                .toList();
    }

    public static List<ConsumerRecord<String, Object>> withKey(String brokers, String key) {
        return all(brokers).stream().filter(r -> key.equals(r.key())).toList();
    }
}
