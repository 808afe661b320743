package org.issuedesk.routing.cases;

import org.issuedesk.contracts.classifier.IssueKind;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies of the workflow requests, validated (a 400 problem+json names the field). */
public final class CaseRequests {

    private CaseRequests() {
    }

    /**
     * {@code POST /api/cases/{id}/respond}: the response as published, in English and/or French.
     *
     * @param channel where it was published ("mastodon", "x", "website", "email", ...)
     * @param link    the published correction, blog post or reply
     */
    public record Respond(
            @Size(max = 5000) String textEn,
            @Size(max = 5000) String textFr,
            @NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}", message = "must be lower-case letters, digits or dashes (at most 40)") String channel,
            @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String link) {
    }

    /** {@code POST /api/cases/{id}/resolve}, body optional. */
    public record Resolve(@Size(max = 2000) String resolution) {
    }

    /**
     * {@code POST /api/cases/{id}/reroute}: to another policy file (its owning team, or triage), to
     * another team, or both; optionally correcting the issue kind. The correction teaches the classifier.
     */
    public record Reroute(
            @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,99}", message = "must be a team id") String teamId,
            @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,99}", message = "must be a policy-file id") String policyFile,
            IssueKind issueKind,
            @Size(max = 1000) String reason) {
    }

    /** {@code POST /api/cases/{id}/notes}. */
    public record Note(@NotBlank @Size(max = 5000) String text) {
    }
}
