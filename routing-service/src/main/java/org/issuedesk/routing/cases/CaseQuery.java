package org.issuedesk.routing.cases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.QueryParameters;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;

/**
 * The filters, order and page of a queue request, checked: a bad value is a 400 problem+json that names
 * the parameter (same {@code errors:[{field,message}]} shape as service-support's body validation).
 *
 * @param statuses   any of these (empty: every status); {@code status=new,claimed}, a repeated {@code status}, or
 *                   {@code active} for every status but resolved
 * @param assignee   a member handle, or {@link #NONE} for the cases nobody is assigned to
 * @param policyFile a policy-file id, or {@link #NONE} for the cases about no file (triage)
 */
record CaseQuery(Set<CaseStatus> statuses, Optional<Priority> priority, Optional<IssueKind> kind,
        Optional<String> language, Optional<String> assignee, Optional<String> policyFile, Sort sort, int page,
        int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;
    // keeps page * size far from overflow and from pointless scans
    static final int MAX_PAGE = 100_000;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Pattern POLICY_FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    /** The value of {@code assignee} and {@code policyFile} that asks for the cases without one. */
    static final String NONE = "none";
    /** The value of {@code status} that asks for every status but resolved: what still needs someone. */
    static final String ACTIVE = "active";

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
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        parameters.add("status", status);
        parameters.add("priority", priority);
        parameters.add("page", page);
        parameters.add("size", size);
        return parse(parameters);
    }

    /** One value per parameter. */
    static CaseQuery parse(Map<String, String> parameters) {
        MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
        parameters.forEach(values::add);
        return parse(values);
    }

    /** The query string as received: {@code status} may be repeated; other parameters count once. */
    static CaseQuery parse(MultiValueMap<String, String> values) {
        Map<String, String> parameters = values.toSingleValueMap();
        List<FieldProblem> problems = new ArrayList<>();
        Set<CaseStatus> statuses = statuses(values.get("status"), problems);
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
                "must be a member handle, or none", problems);
        Optional<String> policyFile = pattern(parameters.get("policyFile"), "policyFile", POLICY_FILE,
                "must be a policy-file id (lower-case letters, digits, dashes), or none", problems);
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
        return new CaseQuery(statuses, priority, kind, language, assignee, policyFile, sort.orElse(Sort.ROUTED), page,
                size);
    }

    /** Every value of every {@code status} parameter, each a comma-separated list. */
    private static Set<CaseStatus> statuses(List<String> values, List<FieldProblem> problems) {
        Set<CaseStatus> statuses = new LinkedHashSet<>();
        if (values == null) {
            return statuses;
        }
        for (String value : values) {
            if (blank(value)) {
                continue;
            }
            for (String id : value.split(",", -1)) {
                if (id.trim().equals(ACTIVE)) {
                    Arrays.stream(CaseStatus.values()).filter(s -> s != CaseStatus.RESOLVED).forEach(statuses::add);
                    continue;
                }
                Optional<CaseStatus> status = CaseStatus.fromId(id.trim());
                if (status.isEmpty()) {
                    problems.add(new FieldProblem("status", "must be one or more of " + ACTIVE + ", "
                            + String.join(", ", Arrays.stream(CaseStatus.values()).map(CaseStatus::id).toList())
                            + " (comma-separated or repeated)"));
                    return statuses;
                }
                statuses.add(status.get());
            }
        }
        return statuses;
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
