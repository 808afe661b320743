package org.issuedesk.classifier.classification;

import org.issuedesk.contracts.classifier.IssueKind;

/**
 * A post with the tags a person gave it: training and evaluation material.
 *
 * @param policyFile the policy-file id, or null when the post concerns no file
 */
public record LabelledPost(String id, String text, String lang, String policyFile, IssueKind issueKind) {
}
