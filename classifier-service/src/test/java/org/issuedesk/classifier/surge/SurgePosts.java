package org.issuedesk.classifier.surge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.ingest.SocialPost;

/** Classified posts at chosen event times, and a clock the tests move. */
final class SurgePosts {

    private SurgePosts() {
    }

    static ClassifiedPost post(String id, String policyFile, IssueKind kind, String text, Instant createdAt) {
        SocialPost post = new SocialPost(SocialPost.SCHEMA_VERSION, id, "mastodon", id.substring(id.indexOf(':') + 1),
                "@someone", text, createdAt, "en", null, hashtagsOf(text), List.of(), List.of(), null, createdAt);
        return new ClassifiedPost(ClassifiedPost.SCHEMA_VERSION, post, policyFile, 0.9, kind, 0.8, "en", List.of(),
                "test", createdAt);
    }

    private static List<String> hashtagsOf(String text) {
        return java.util.Arrays.stream(text.split("\\s+")).filter(w -> w.startsWith("#") && w.length() > 1)
                .map(w -> w.substring(1)).toList();
    }

    /** A clock that stands still until a test moves it. */
    static final class TestClock extends Clock {

        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
