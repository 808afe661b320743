package org.issuedesk.ingest.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.ingest.intake.ItemOutcome.FieldError;
import org.issuedesk.ingest.intake.ItemOutcome.Status;
import org.issuedesk.ingest.ledger.CrossPostKey;
import org.issuedesk.ingest.ledger.PostLedger;
import org.issuedesk.ingest.ledger.PostLedger.Claim;
import org.issuedesk.ingest.text.PlainText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * Takes in posts from any source (REST, batch, connectors): validates and normalises each, drops the
 * ones already published (de-duplication through the {@link PostLedger}), marks cross-posts, publishes
 * the rest in one go and answers per post. A post is answered {@code accepted} only once the broker
 * acknowledged it and the ledger recorded that.
 */
@Service
public class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    /**
     * One post of a request: parsed (then validated here), or already refused by the parser.
     *
     * @param errors why the parser refused it; empty when it parsed
     */
    public record Item(int index, PostRequest request, List<FieldError> errors) {

        public static Item parsed(int index, PostRequest request) {
            return new Item(index, request, List.of());
        }

        public static Item unreadable(int index, String field, String message) {
            return new Item(index, null, List.of(new FieldError(field, message)));
        }
    }

    private record Valid(int position, Item item, String plainText, PostLedger.Entry entry) {
    }

    private final Validator validator;
    private final PostLedger ledger;
    private final PostPublisher publisher;
    private final IntakeMetrics metrics;
    private final PublishBreaker breaker;

    public Intake(Validator validator, PostLedger ledger, PostPublisher publisher, IntakeMetrics metrics,
            PublishBreaker breaker) {
        this.breaker = breaker;
        this.validator = validator;
        this.ledger = ledger;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * @param source the metrics' source tag: {@code api}, {@code batch} or a connector's name
     * @return one outcome per item, in the items' order
     * @throws DataAccessException when the ledger cannot be reached (nothing was published)
     * @throws PublishUnavailableException when the circuit breaker around publishing is open
     */
    public List<ItemOutcome> take(List<Item> items, String source) {
        Instant now = Instant.now();
        ItemOutcome[] outcomes = new ItemOutcome[items.size()];
        List<Valid> valid = new ArrayList<>();
        Set<String> inThisRequest = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            List<FieldError> errors = errorsOf(item);
            String plain = errors.isEmpty() ? PlainText.of(item.request().text()) : null;
            if (errors.isEmpty() && plain.isBlank()) {
                errors = List.of(new FieldError("text", "must not be blank once HTML is removed"));
            }
            if (!errors.isEmpty()) {
                outcomes[i] = ItemOutcome.rejected(item.index(), idIfValid(item), errors);
                continue;
            }
            PostRequest request = item.request();
            if (!inThisRequest.add(request.postId())) {
                outcomes[i] = new ItemOutcome(item.index(), Status.duplicate, request.postId(), null, null);
                continue;
            }
            valid.add(new Valid(i, item, plain, new PostLedger.Entry(request.postId(), request.platform(),
                    CrossPostKey.of(request.author(), plain), request.createdAt())));
        }

        if (!valid.isEmpty()) {
            // before the ledger: an open breaker answers at once and leaves no claim behind
            breaker.acquire();
        }
        Map<String, Claim> claims;
        try {
            claims = ledger.claim(valid.stream().map(Valid::entry).toList(), now);
        } catch (RuntimeException e) {
            breaker.release();
            throw e;
        }
        List<Valid> claimed = new ArrayList<>();
        for (Valid v : valid) {
            Claim claim = claims.get(v.entry().postId());
            if (claim == Claim.CLAIMED) {
                claimed.add(v);
            } else {
                outcomes[v.position()] = new ItemOutcome(v.item().index(),
                        claim == Claim.PUBLISHED ? Status.duplicate : Status.unavailable, v.entry().postId(), null,
                        claim == Claim.IN_FLIGHT ? List.of(new FieldError(null, "being published by another request: send it again later")) : null);
            }
        }

        if (claimed.isEmpty() && !valid.isEmpty()) {
            // nothing to publish after all (duplicates only): the breaker's permission was not used
            breaker.release();
        }
        publish(claimed, now, outcomes);

        List<ItemOutcome> result = List.of(outcomes);
        for (int i = 0; i < items.size(); i++) {
            PostRequest request = items.get(i).request();
            metrics.outcome(result.get(i).status().name(), source, request == null ? null : request.platform());
        }
        return result;
    }

    private void publish(List<Valid> claimed, Instant now, ItemOutcome[] outcomes) {
        if (claimed.isEmpty()) {
            return;
        }
        List<SocialPost> posts = new ArrayList<>(claimed.size());
        try {
            Map<String, String> duplicateOf = ledger.crossPostsOf(claimed.stream().map(Valid::entry).toList());
            for (Valid v : claimed) {
                posts.add(v.item().request().toSocialPost(v.plainText(), duplicateOf.get(v.entry().postId()), now));
            }
        } catch (RuntimeException e) {
            breaker.release();
            releaseQuietly(claimed.stream().map(v -> v.entry().postId()).toList());
            throw e;
        }
        long started = System.nanoTime();
        boolean[] acked;
        try {
            acked = publisher.publishAll(posts);
        } catch (RuntimeException e) {
            breaker.failed(System.nanoTime() - started, e);
            releaseQuietly(claimed.stream().map(v -> v.entry().postId()).toList());
            throw e;
        }
        List<String> published = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            (acked[i] ? published : failed).add(posts.get(i).id());
        }
        if (failed.isEmpty()) {
            breaker.succeeded(System.nanoTime() - started);
        } else {
            breaker.failed(System.nanoTime() - started, new IllegalStateException(failed.size() + " posts not acknowledged"));
            releaseQuietly(failed);
        }
        // only once the ledger knows is a post reported accepted: otherwise a resend would publish it again
        ledger.published(published, Instant.now());
        for (int i = 0; i < claimed.size(); i++) {
            Valid v = claimed.get(i);
            outcomes[v.position()] = acked[i]
                    ? new ItemOutcome(v.item().index(), Status.accepted, posts.get(i).id(), posts.get(i).duplicateOf(), null)
                    : new ItemOutcome(v.item().index(), Status.unavailable, posts.get(i).id(), null,
                            List.of(new FieldError(null, "the message broker did not acknowledge it: send it again later")));
        }
    }

    /** A failed release only delays a resend until the claim is stale, so it must not hide the answer. */
    private void releaseQuietly(List<String> postIds) {
        try {
            ledger.release(postIds);
        } catch (DataAccessException e) {
            log.warn("could not release the claims of {} posts (they can be sent again once stale): {}",
                    postIds.size(), e.toString());
        }
    }

    private List<FieldError> errorsOf(Item item) {
        if (!item.errors().isEmpty()) {
            return item.errors();
        }
        if (item.request() == null) {
            return List.of(new FieldError(null, "must be a JSON object"));
        }
        Set<ConstraintViolation<PostRequest>> violations = validator.validate(item.request());
        return violations.stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    /** The post id when platform and id are valid, so that a client can match the answer. */
    private String idIfValid(Item item) {
        PostRequest r = item.request();
        if (r == null || r.id() == null || r.id().isBlank() || r.id().length() > 200 || r.platform() == null
                || !r.platform().matches(PostRequest.PLATFORM)) {
            return null;
        }
        return r.postId();
    }
}
