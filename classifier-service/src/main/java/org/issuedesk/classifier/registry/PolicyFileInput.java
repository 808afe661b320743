package org.issuedesk.classifier.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.issuedesk.contracts.Localized;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;

/**
 * The body of {@code PUT /api/policy-files/{id}}: a definition as {@code GET} returns it, so one can be
 * fetched, edited and put back. {@code id} and {@code schemaVersion} may be left out.
 */
record PolicyFileInput(Integer schemaVersion, String id, Localized name, String about,
        Map<String, List<String>> terms, Map<String, String> queries, List<String> examples) {

    /** The definition to validate and publish; nulls inside lists become blanks, which validation names. */
    PolicyFileDefinition toDefinition(String pathId) {
        Map<String, List<String>> cleanTerms = new LinkedHashMap<>();
        if (terms != null) {
            terms.forEach((language, list) -> cleanTerms.put(language, list == null ? List.of() : blanksForNulls(list)));
        }
        Map<String, String> cleanQueries = new LinkedHashMap<>();
        if (queries != null) {
            queries.forEach((language, query) -> cleanQueries.put(language, query == null ? "" : query));
        }
        return new PolicyFileDefinition(PolicyFileDefinition.SCHEMA_VERSION, pathId, name, about, cleanTerms,
                cleanQueries, examples == null ? List.of() : blanksForNulls(examples));
    }

    private static List<String> blanksForNulls(List<String> list) {
        return list.stream().map(s -> s == null ? "" : s).toList();
    }
}
