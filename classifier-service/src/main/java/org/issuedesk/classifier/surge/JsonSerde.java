package org.issuedesk.classifier.surge;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.kafka.EventSerializer;

import tools.jackson.core.JacksonException;

/**
 * JSON of one type for the detector's own topics (repartition, changelog), whose names are not in the
 * topic catalogue that {@code EventDeserializer} reads by; written like every event.
 */
final class JsonSerde {

    private JsonSerde() {
    }

    static <T> Serde<T> of(Class<T> type) {
        Deserializer<T> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return EventJson.mapper().readValue(data, type);
            } catch (JacksonException e) {
                throw new SerializationException("not a valid " + type.getSimpleName() + " on " + topic, e);
            }
        };
        EventSerializer events = new EventSerializer();
        return Serdes.serdeFrom((topic, value) -> events.serialize(topic, value), deserializer);
    }
}
