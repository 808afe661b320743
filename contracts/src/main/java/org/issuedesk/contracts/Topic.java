package org.issuedesk.contracts;

import java.util.Objects;

/**
 * A topic of the catalogue: its name and the type of its values. The key is always a string
 * (see {@link Topics}), so only the value type varies.
 *
 * @param name         the Kafka topic name
 * @param valueType    the record every value deserialises to
 * @param compacted    whether the topic is log-compacted (registries)
 * @param description  one line for people and for the AsyncAPI document
 */
public record Topic<V>(String name, Class<V> valueType, boolean compacted, String description) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
    }

    /** spring-kafka's default dead-letter topic for this one. */
    public String deadLetter() {
        return Topics.deadLetterOf(name);
    }
}
