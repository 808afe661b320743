package org.issuedesk.classifier.classification;

import java.util.List;

import org.issuedesk.contracts.classifier.IssueKind;

/** The answer of {@code POST /api/classify}: one result per post, in the order of the request. */
public record ClassifyResponse(List<Result> results) {

    /**
     * @param policyFile null when the post concerns no known policy file
     */
    public record Result(String id, String policyFile, double confidence, IssueKind issueKind, String language,
            List<String> evidence) {
    }
}
