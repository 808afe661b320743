package org.issuedesk.contracts.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.issuedesk.contracts.EventJson;

import tools.jackson.core.JacksonException;

/**
 * Writes any event as UTF-8 JSON, with no type headers: the topic says what a value is (see
 * {@link org.issuedesk.contracts.Topics}), so consumers in other departments need no Java classes.
 * Bytes are written as they are, so the same producer can forward poison records to a dead-letter
 * topic unchanged.
 */
public class EventSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object event) {
        if (event == null) {
            return null;
        }
        if (event instanceof byte[] raw) {
            return raw; // a dead letter: the failed record's original bytes, passed on untouched
        }
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write " + event.getClass().getSimpleName() + " to " + topic, e);
        }
    }
}
