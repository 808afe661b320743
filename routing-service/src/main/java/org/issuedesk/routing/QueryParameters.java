package org.issuedesk.routing;

import java.util.List;

import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;

/** Reading the query parameters of routing's list endpoints (cases, alerts) the same way. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * The parameter as an integer within [min, max], {@code fallback} when absent; a malformed or
     * out-of-range value is added to {@code problems} (reported together as one 400) and gives the fallback.
     */
    public static int integer(String value, int fallback, int min, int max, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        problems.add(new FieldProblem(field, "must be an integer between " + min + " and " + max));
        return fallback;
    }
}
