package org.issuedesk.routing.cases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.QueryParameters;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The filters, order and page of a queue request, checked: a bad value is a 400 problem+json that names
 * the parameter (same {@code errors:[{field,message}]} shape as service-support's body validation).
 */
record CaseQuery(Optional<CaseStatus> status, Optional<Priority> priority, Optional<IssueKind> kind,
        Optional<String> language, Optional<String> assignee, Sort sort, int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;
    // keeps page * size far from overflow and from pointless scans
    static final int MAX_PAGE = 100_000;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    /** The order of a queue. */
    enum Sort {
        /** newest first, then the most urgent (the default) */
        ROUTED,
        /** the most urgent first, then the soonest due */
        PRIORITY,
        /** the soonest due first, then the most urgent */
        DUE;

        String id() {
            return name().toLowerCase();
        }
    }

    long offset() {
        return (long) page * size;
    }

    /** The common filters, for callers that have no other parameter. */
    static CaseQuery parse(String status, String priority, String page, String size) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("status", status);
        parameters.put("priority", priority);
        parameters.put("page", page);
        parameters.put("size", size);
        return parse(parameters);
    }

    static CaseQuery parse(Map<String, String> parameters) {
        List<FieldProblem> problems = new ArrayList<>();
        Optional<CaseStatus> status = choice(parameters.get("status"), "status", CaseStatus::fromId,
                Arrays.stream(CaseStatus.values()).map(CaseStatus::id).toList(), problems);
        Optional<Priority> priority = choice(parameters.get("priority"), "priority",
                id -> Arrays.stream(Priority.values()).filter(p -> p.id().equals(id)).findFirst(),
                Arrays.stream(Priority.values()).map(Priority::id).toList(), problems);
        Optional<IssueKind> kind = choice(parameters.get("kind"), "kind", IssueKind::fromId,
                Arrays.stream(IssueKind.values()).map(IssueKind::id).toList(), problems);
        Optional<Sort> sort = choice(parameters.get("sort"), "sort",
                id -> Arrays.stream(Sort.values()).filter(s -> s.id().equals(id)).findFirst(),
                Arrays.stream(Sort.values()).map(Sort::id).toList(), problems);
        Optional<String> language = pattern(parameters.get("language"), "language", LANGUAGE,
                "must be a language code such as en or fr", problems);
        Optional<String> assignee = pattern(parameters.get("assignee"), "assignee", HANDLE,
                "must be a member handle", problems);
        int page = QueryParameters.integer(parameters.get("page"), 0, 0, MAX_PAGE, "page", problems);
        int size = QueryParameters.integer(parameters.get("size"), DEFAULT_SIZE, 1, MAX_SIZE, "size", problems);
        if (!problems.isEmpty()) {
            String fields = problems.stream().map(FieldProblem::field).collect(Collectors.joining(", "));
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "Invalid query parameter: " + fields);
            problem.setTitle("Invalid request");
            problem.setProperties(Map.of("errors", problems));
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        return new CaseQuery(status, priority, kind, language, assignee, sort.orElse(Sort.ROUTED), page, size);
    }

    private interface Parser<T> {
        Optional<T> parse(String id);
    }

    private static <T> Optional<T> choice(String value, String field, Parser<T> parser, List<String> ids,
            List<FieldProblem> problems) {
        if (blank(value)) {
            return Optional.empty();
        }
        Optional<T> parsed = parser.parse(value.trim());
        if (parsed.isEmpty()) {
            problems.add(new FieldProblem(field, "must be one of " + String.join(", ", ids)));
        }
        return parsed;
    }

    private static Optional<String> pattern(String value, String field, Pattern pattern, String message,
            List<FieldProblem> problems) {
        if (blank(value)) {
            return Optional.empty();
        }
        if (!pattern.matcher(value.trim()).matches()) {
            problems.add(new FieldProblem(field, message));
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
