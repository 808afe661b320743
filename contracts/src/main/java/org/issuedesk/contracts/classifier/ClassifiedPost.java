package org.issuedesk.contracts.classifier;

import java.time.Instant;
import java.util.List;

import org.issuedesk.contracts.ingest.SocialPost;

/**
 * A post with its tags: the value of {@code posts.classified}.
 *
 * @param policyFile          the policy-file id, or null when the post concerns no file (or the
 *                            classifier is not confident enough)
 * @param confidence          confidence in {@code policyFile}, in [0,1]
 * @param issueKindConfidence confidence in {@code issueKind}, in [0,1]
 * @param language            the detected language, "en" or "fr" (or "und" when unknown)
 * @param evidence            what decided the tags, readable by a person
 */
public record ClassifiedPost(
        int schemaVersion,
        SocialPost post,
        String policyFile,
        double confidence,
        IssueKind issueKind,
        double issueKindConfidence,
        String language,
        List<String> evidence,
        String classifierVersion,
        Instant classifiedAt) {

    public static final int SCHEMA_VERSION = 1;

    public ClassifiedPost {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
