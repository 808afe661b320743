package org.issuedesk.contracts.classifier;

import java.util.List;
import java.util.Map;

import org.issuedesk.contracts.Localized;

/**
 * A policy file as the classifier knows it: the value of the compacted topic
 * {@code registry.policy-files} (a null value is a deletion).
 *
 * @param terms    terms and phrases per language ("en", "fr")
 * @param queries  a Boolean topic query per language, in the style of social-listening tools
 * @param examples example posts that show what belongs to the file
 */
public record PolicyFileDefinition(
        int schemaVersion,
        String id,
        Localized name,
        String about,
        Map<String, List<String>> terms,
        Map<String, String> queries,
        List<String> examples) {

    public static final int SCHEMA_VERSION = 1;

    public PolicyFileDefinition {
        terms = terms == null ? Map.of() : Map.copyOf(terms);
        queries = queries == null ? Map.of() : Map.copyOf(queries);
        examples = examples == null ? List.of() : List.copyOf(examples);
    }
}
