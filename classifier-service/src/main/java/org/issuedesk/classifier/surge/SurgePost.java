package org.issuedesk.classifier.surge;

import java.util.List;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;

/**
 * What the detector needs of a classified post, taken before the posts are re-keyed by policy file: the
 * repartition topic then carries a few terms instead of the whole post with its evidence (less JSON to write
 * and read again, fewer bytes through the broker). Event time travels as the record's timestamp.
 */
record SurgePost(String postId, IssueKind issueKind, List<String> terms) {

    SurgePost {
        issueKind = issueKind == null ? IssueKind.OTHER : issueKind;
        terms = terms == null ? List.of() : List.copyOf(terms);
    }

    static SurgePost of(ClassifiedPost classified) {
        return new SurgePost(classified.post().id(), classified.issueKind(), List.copyOf(PostTerms.of(classified.post())));
    }
}
