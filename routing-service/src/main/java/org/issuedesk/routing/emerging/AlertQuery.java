package org.issuedesk.routing.emerging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.routing.QueryParameters;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The filters and page of {@code GET /api/alerts} and {@code GET /api/alerts/{id}/cases}, checked: a bad
 * value is a 400 problem+json naming the parameter ({@code errors:[{field,message}]}, as elsewhere).
 *
 * @param states {@code state=active} means open or updated; no state means all
 */
record AlertQuery(String policyFile, List<AlertState> states, int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;
    static final int MAX_PAGE = 100_000;
    private static final Pattern POLICY_FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    static AlertQuery parse(Map<String, String> parameters) {
        List<FieldProblem> problems = new ArrayList<>();
        String policyFile = parameters.get("policyFile");
        if (policyFile != null && !POLICY_FILE.matcher(policyFile).matches()) {
            problems.add(new FieldProblem("policyFile", "must be a policy-file id (lower-case letters, digits, dashes)"));
        }
        List<AlertState> states = List.of(AlertState.values());
        String state = parameters.get("state");
        if (state != null && !state.isBlank()) {
            if (state.equals("active")) {
                states = List.of(AlertState.OPEN, AlertState.UPDATED);
            } else {
                states = Arrays.stream(AlertState.values()).filter(s -> s.id().equals(state)).toList();
                if (states.isEmpty()) {
                    problems.add(new FieldProblem("state", "must be one of active, open, updated, closed"));
                }
            }
        }
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
        return new AlertQuery(policyFile, states, page, size);
    }
}
