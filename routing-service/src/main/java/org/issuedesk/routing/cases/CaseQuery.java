package org.issuedesk.routing.cases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The filters and the page of a queue request, checked: a bad value is a 400 problem+json that names
 * the parameter (same {@code errors:[{field,message}]} shape as service-support's body validation).
 */
record CaseQuery(Optional<CaseStatus> status, Optional<Priority> priority, int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;
    // keeps page * size far from overflow and from pointless scans
    static final int MAX_PAGE = 100_000;

    long offset() {
        return (long) page * size;
    }

    static CaseQuery parse(String status, String priority, String page, String size) {
        List<FieldProblem> problems = new ArrayList<>();
        Optional<CaseStatus> parsedStatus = blank(status) ? Optional.empty() : CaseStatus.fromId(status);
        if (!blank(status) && parsedStatus.isEmpty()) {
            problems.add(new FieldProblem("status", "must be one of " + Arrays.stream(CaseStatus.values())
                    .map(CaseStatus::id).collect(Collectors.joining(", "))));
        }
        Optional<Priority> parsedPriority = blank(priority) ? Optional.empty()
                : Arrays.stream(Priority.values()).filter(p -> p.id().equals(priority)).findFirst();
        if (!blank(priority) && parsedPriority.isEmpty()) {
            problems.add(new FieldProblem("priority", "must be one of " + Arrays.stream(Priority.values())
                    .map(Priority::id).collect(Collectors.joining(", "))));
        }
        int parsedPage = integer(page, 0, 0, MAX_PAGE, "page", problems);
        int parsedSize = integer(size, DEFAULT_SIZE, 1, MAX_SIZE, "size", problems);
        if (!problems.isEmpty()) {
            String fields = problems.stream().map(FieldProblem::field).collect(Collectors.joining(", "));
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "Invalid query parameter: " + fields);
            problem.setTitle("Invalid request");
            problem.setProperties(Map.of("errors", problems));
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        return new CaseQuery(parsedStatus, parsedPriority, parsedPage, parsedSize);
    }

    private static int integer(String value, int fallback, int min, int max, String field, List<FieldProblem> problems) {
        if (blank(value)) {
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

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
