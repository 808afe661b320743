package org.issuedesk.routing.cases;

import java.util.ArrayList;
import java.util.List;

import org.issuedesk.contracts.classifier.ClassifiedPost;

/**
 * A record of {@code posts.classified} that deserialised but cannot become a case (no post, no id,
 * no issue kind, a value too long to store...). Retrying cannot help: it goes to the dead-letter topic
 * at once.
 */
public class InvalidClassifiedPostException extends RuntimeException {

    static final int MAX_POST_ID = 512;
    static final int MAX_AUTHOR = 512;
    static final int MAX_PLATFORM = 64;
    static final int MAX_URL = 4096;
    static final int MAX_POLICY_FILE = 100;
    static final int MAX_LANGUAGE = 16;

    public InvalidClassifiedPostException(String message) {
        super(message);
    }

    /** The value itself if it can be routed and stored, otherwise this exception naming every problem. */
    static ClassifiedPost check(ClassifiedPost value) {
        if (value == null) {
            throw new InvalidClassifiedPostException("no value (a tombstone?) on posts.classified");
        }
        List<String> problems = new ArrayList<>();
        if (value.post() == null) {
            problems.add("post is missing");
        } else {
            var post = value.post();
            requireText(problems, "post.id", post.id(), MAX_POST_ID);
            requireText(problems, "post.platform", post.platform(), MAX_PLATFORM);
            if (post.text() == null) {
                problems.add("post.text is missing");
            }
            limit(problems, "post.author", post.author(), MAX_AUTHOR);
            limit(problems, "post.url", post.url(), MAX_URL);
        }
        if (value.issueKind() == null) {
            problems.add("issueKind is missing");
        }
        limit(problems, "policyFile", value.policyFile(), MAX_POLICY_FILE);
        limit(problems, "language", value.language(), MAX_LANGUAGE);
        if (!problems.isEmpty()) {
            throw new InvalidClassifiedPostException("cannot route this classified post: " + String.join(", ", problems));
        }
        return value;
    }

    private static void requireText(List<String> problems, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing");
        } else {
            limit(problems, field, value, max);
        }
    }

    private static void limit(List<String> problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(field + " is longer than " + max + " characters");
        }
    }
}
