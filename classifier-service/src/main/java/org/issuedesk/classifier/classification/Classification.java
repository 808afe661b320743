package org.issuedesk.classifier.classification;

import java.util.List;

import org.issuedesk.contracts.classifier.IssueKind;

/**
 * The tags of one post.
 *
 * @param policyFile          the policy-file id, or null when the post concerns no known file
 * @param confidence          confidence in {@code policyFile}, in [0,1]; 0 when it is null
 * @param issueKind           the kind of response the post calls for; {@code other} when there is no policy file
 * @param issueKindConfidence confidence in {@code issueKind}, in [0,1]
 * @param language            "en", "fr" or "und"
 * @param evidence            what decided the tags, readable by a person
 * @param classifierVersion   which classifier produced the tags
 */
public record Classification(
        String policyFile,
        double confidence,
        IssueKind issueKind,
        double issueKindConfidence,
        String language,
        List<String> evidence,
        String classifierVersion) {

    public Classification {
        evidence = List.copyOf(evidence);
    }
}
