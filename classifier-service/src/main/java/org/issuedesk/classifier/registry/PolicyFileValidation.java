package org.issuedesk.classifier.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.issuedesk.classifier.query.QuerySyntaxException;
import org.issuedesk.classifier.query.TopicQuery;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;

/**
 * The rules every policy-file definition obeys, whether it comes from the shipped YAML, a
 * {@code PUT /api/policy-files/{id}} or the topic: one list of {field, message} problems, so the YAML
 * start-up error and the REST 400 say the same thing. The size limits keep one definition well under
 * Kafka's 1 MB record limit and the model's training fast.
 */
public final class PolicyFileValidation {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    static final Set<String> LANGUAGES = Set.of("en", "fr");
    static final int MAX_NAME = 200;
    static final int MAX_ABOUT = 1_000;
    static final int MAX_TERMS = 500;
    static final int MAX_TERM = 100;
    static final int MAX_EXAMPLES = 300;
    static final int MAX_EXAMPLE = 1_000;

    private PolicyFileValidation() {
    }

    /** Every problem of the definition, fields named as in its JSON ({@code queries.fr}, {@code examples[3]}). */
    public static List<FieldProblem> problems(PolicyFileDefinition definition) {
        List<FieldProblem> problems = new ArrayList<>();
        if (definition.id() == null || !ID.matcher(definition.id()).matches()) {
            problems.add(new FieldProblem("id", "must be 1 to 100 lower-case letters, digits and dashes, starting with a "
                    + "letter or digit: " + shorten(definition.id())));
        }
        if (definition.name() == null) {
            problems.add(new FieldProblem("name", "needs en and fr"));
        } else {
            text(problems, "name.en", definition.name().en(), MAX_NAME, true);
            text(problems, "name.fr", definition.name().fr(), MAX_NAME, true);
        }
        text(problems, "about", definition.about(), MAX_ABOUT, false);
        terms(problems, definition.terms());
        queries(problems, definition.queries());
        if (definition.examples().size() > MAX_EXAMPLES) {
            problems.add(new FieldProblem("examples", "at most " + MAX_EXAMPLES + " examples, got "
                    + definition.examples().size()));
        } else {
            for (int i = 0; i < definition.examples().size(); i++) {
                text(problems, "examples[" + i + "]", definition.examples().get(i), MAX_EXAMPLE, true);
            }
        }
        return problems;
    }

    private static void terms(List<FieldProblem> problems, Map<String, List<String>> terms) {
        if (terms.isEmpty()) {
            problems.add(new FieldProblem("terms", "needs terms in en or fr"));
            return;
        }
        terms.forEach((language, list) -> {
            String field = "terms." + shorten(language);
            if (!LANGUAGES.contains(language)) {
                problems.add(new FieldProblem(field, "language must be en or fr"));
            } else if (list == null || list.isEmpty()) {
                problems.add(new FieldProblem(field, "must be a list of non-blank terms"));
            } else if (list.size() > MAX_TERMS) {
                problems.add(new FieldProblem(field, "at most " + MAX_TERMS + " terms, got " + list.size()));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    text(problems, field + "[" + i + "]", list.get(i), MAX_TERM, true);
                }
            }
        });
    }

    private static void queries(List<FieldProblem> problems, Map<String, String> queries) {
        queries.forEach((language, query) -> {
            String field = "queries." + shorten(language);
            if (!LANGUAGES.contains(language)) {
                problems.add(new FieldProblem(field, "language must be en or fr"));
                return;
            }
            try {
                TopicQuery.parse(query);
            } catch (QuerySyntaxException e) {
                // an analyst reads columns, counted from 1
                problems.add(new FieldProblem(field, e.reason() + " at column " + e.column()));
            }
        });
    }

    private static void text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(field, "must not be blank"));
            }
        } else if (value.length() > max) {
            problems.add(new FieldProblem(field, "at most " + max + " characters, got " + value.length()));
        }
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
