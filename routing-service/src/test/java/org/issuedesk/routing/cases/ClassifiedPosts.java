package org.issuedesk.routing.cases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.ingest.SocialPost;

/** Classified posts for tests, each with a post id of its own. */
public final class ClassifiedPosts {

    public static final Instant CREATED_AT = Instant.parse("2026-11-20T14:03:00Z");

    private ClassifiedPosts() {
    }

    public static ClassifiedPost about(String policyFile, IssueKind kind) {
        String externalId = UUID.randomUUID().toString();
        SocialPost post = new SocialPost(SocialPost.SCHEMA_VERSION, SocialPost.idOf("mastodon", externalId), "mastodon",
                externalId, "@someone", "Still no news on my EI claim after 6 weeks", CREATED_AT, "en",
                "https://mastodon.example/@someone/" + externalId, List.of(), List.of(), List.of(), null,
                CREATED_AT.plusSeconds(2));
        return new ClassifiedPost(ClassifiedPost.SCHEMA_VERSION, post, policyFile, policyFile == null ? 0.1 : 0.92,
                kind, 0.8, "en", List.of("matched 'EI claim'"), "terms-1", CREATED_AT.plusSeconds(3));
    }
}
