package org.issuedesk.routing.cases;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.ingest.SocialPost;

/** Classified posts for tests, each with a post id of its own. */
public final class ClassifiedPosts {

    // recent, so that the "old post" routing rule does not apply unless a test wants it
    public static final Instant CREATED_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

    private ClassifiedPosts() {
    }

    public static ClassifiedPost about(String policyFile, IssueKind kind) {
        return by("@someone", policyFile, kind, "en");
    }

    /** A post by {@code author} in {@code language} ("en" or "fr"). */
    public static ClassifiedPost by(String author, String policyFile, IssueKind kind, String language) {
        return by(author, null, policyFile, kind, language);
    }

    /** A post by {@code author} who has {@code followers} followers (null: the source did not say). */
    public static ClassifiedPost by(String author, Long followers, String policyFile, IssueKind kind, String language) {
        String externalId = UUID.randomUUID().toString();
        SocialPost post = new SocialPost(SocialPost.SCHEMA_VERSION, SocialPost.idOf("mastodon", externalId), "mastodon",
                externalId, author, "Still no news on my EI claim after 6 weeks", CREATED_AT, language,
                "https://mastodon.example/@someone/" + externalId, List.of(), List.of(), List.of(), null,
                CREATED_AT.plusSeconds(2), followers);
        return new ClassifiedPost(ClassifiedPost.SCHEMA_VERSION, post, policyFile, policyFile == null ? 0.1 : 0.92,
                kind, 0.8, language, List.of("matched 'EI claim'"), "terms-1", CREATED_AT.plusSeconds(3));
    }
}
