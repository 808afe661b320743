package org.issuedesk.ingest.intake;

import java.util.List;

import org.issuedesk.ingest.intake.Intake.Item;
import org.issuedesk.support.identity.RequiresRole;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.Valid;

/**
 * {@code POST /api/posts}: one post, answered {@code 202} once it is on {@code posts.raw}: with status
 * {@code accepted} when this request put it there, {@code duplicate} when it already was (sending a post
 * again is safe, so a retrying client sees success either way). Invalid posts are answered 400 by
 * service-support's problem+json advice before this runs; {@link RejectedPostCounter} counts them.
 */
// posting is for tools and connectors holding the ingest role (or admins), as at the gateway
@RequiresRole("ingest")
@RestController
@RequestMapping("/api/posts")
public class PostController {

    /** The answer to a post that was not rejected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accepted(String status, String id, String duplicateOf) {
    }

    private final Intake intake;
    private final PostPublisher publisher;

    public PostController(Intake intake, PostPublisher publisher) {
        this.intake = intake;
        this.publisher = publisher;
    }

    // no 'consumes': a wrong media type then fails inside this handler, so it is counted as a rejection
    @PostMapping
    public ResponseEntity<Accepted> accept(@Valid @RequestBody PostRequest request) {
        ItemOutcome outcome = intake.take(List.of(Item.parsed(0, request)), IntakeMetrics.API).get(0);
        Accepted answer = new Accepted(outcome.status().name(), outcome.id(), outcome.duplicateOf());
        return switch (outcome.status()) {
            case accepted, duplicate -> ResponseEntity.accepted().body(answer);
            case unavailable -> throw new PublishUnavailableException(publisher.retryAfter(), (Throwable) null);
            case rejected -> throw new IntakeProblems.RejectedPost(outcome.errors());
        };
    }

}
