package org.issuedesk.ingest.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.issuedesk.ingest.intake.Intake;
import org.issuedesk.ingest.intake.Intake.Item;
import org.issuedesk.ingest.intake.ItemOutcome;
import org.issuedesk.ingest.intake.PostRequest;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.issuedesk.ingest.intake.PublishUnavailableException;

/**
 * How every connector hands posts to the {@link Intake}: all of a page at once, and with a verdict
 * on the connector's cursor. The cursor may move past the posts only when each was accepted, a
 * duplicate or rejected (invalid for good); when any was not stored (broker away, breaker open) it
 * must stay, so that the posts are fetched again once the broker is back.
 */
final class Handover {

    private final Intake intake;
    private final PublishBreaker publishBreaker;

    Handover(Intake intake, PublishBreaker publishBreaker) {
        this.intake = intake;
        this.publishBreaker = publishBreaker;
    }

    /** True while the broker is known to be away: fetch nothing, move no cursor. */
    boolean paused() {
        return publishBreaker.isOpen();
    }

    /**
     * @param source the metrics' source tag
     * @return how many posts were accepted; empty when any was not stored, so the cursor must stay
     */
    OptionalInt take(List<PostRequest> posts, String source) {
        if (posts.isEmpty()) {
            return OptionalInt.of(0);
        }
        List<Item> items = new ArrayList<>(posts.size());
        for (PostRequest post : posts) {
            items.add(Item.parsed(items.size(), post));
        }
        List<ItemOutcome> outcomes;
        try {
            outcomes = intake.take(items, source);
        } catch (PublishUnavailableException e) {
            return OptionalInt.empty();
        }
        if (outcomes.stream().anyMatch(o -> o.status() == ItemOutcome.Status.unavailable)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) outcomes.stream().filter(o -> o.status() == ItemOutcome.Status.accepted).count());
    }
}
