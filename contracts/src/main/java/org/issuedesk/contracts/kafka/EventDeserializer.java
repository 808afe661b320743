package org.issuedesk.contracts.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topic;
import org.issuedesk.contracts.Topics;

import tools.jackson.core.JacksonException;

/**
 * Reads a JSON value into the record that the topic catalogue names for its topic, so one
 * deserializer serves every topic of the system. A value that is not valid for its topic throws
 * {@link SerializationException}; wrap this in spring-kafka's {@code ErrorHandlingDeserializer} so
 * such a record goes to the dead-letter topic instead of stopping the consumer.
 */
public class EventDeserializer implements Deserializer<Object> {

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // a tombstone on a compacted topic
        }
        Topic<?> entry = Topics.byName(topic)
                .orElseThrow(() -> new SerializationException("topic " + topic + " is not in the catalogue"));
        try {
            Object value = EventJson.mapper().readValue(data, entry.valueType());
            if (value == null) {
                throw new SerializationException("a JSON null is not a " + entry.valueType().getSimpleName());
            }
            return value;
        } catch (JacksonException e) {
            throw new SerializationException(
                    "not a valid " + entry.valueType().getSimpleName() + " on " + topic + ": " + e.getOriginalMessage(), e);
        }
    }
}
