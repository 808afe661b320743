package org.issuedesk.classifier.registry;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The classifier's own registry format (see {@code registry/policy-files.yaml}): what an analyst edits.
 * Kept apart from the event contract {@code PolicyFileDefinition} so the file can stay terse while
 * the contract evolves.
 *
 * @param format      the version of this format; only 1 exists
 * @param policyFiles the policy files, in the order they are shown
 */
record RegistryFile(int format, @JsonProperty("policy-files") List<Entry> policyFiles,
        @JsonProperty("off-topic-examples") List<String> offTopicExamples) {

    static final int FORMAT = 1;

    /**
     * One policy file: id, names in both official languages, one line about it, terms per language and
     * example posts (what the model learns the file from, beside the terms).
     */
    record Entry(String id, Name name, String about, Map<String, List<String>> terms, Map<String, String> queries,
            List<String> examples) {
    }

    record Name(String en, String fr) {
    }
}
