package org.issuedesk.ingest.intake;

import java.time.Instant;

import org.issuedesk.contracts.ingest.SocialPost;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;

/**
 * {@code POST /api/posts}: one post, answered {@code 202} once it is on {@code posts.raw}.
 * Invalid posts are answered 400 by service-support's problem+json advice before this runs;
 * {@link RejectedPostCounter} counts them.
 */
@RestController
@RequestMapping("/api/posts")
public class PostController {

    /** The answer to an accepted post. */
    public record Accepted(String status, String id) {
    }

    private final PostPublisher publisher;
    private final IntakeMetrics metrics;

    public PostController(PostPublisher publisher, IntakeMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    // no 'consumes': a wrong media type then fails inside this handler, so it is counted as a rejection
    @PostMapping
    public ResponseEntity<Accepted> accept(@Valid @RequestBody PostRequest request) {
        SocialPost post = request.toSocialPost(Instant.now());
        publisher.publish(post);
        metrics.accepted(post.platform());
        return ResponseEntity.accepted().body(new Accepted("accepted", post.id()));
    }
}
