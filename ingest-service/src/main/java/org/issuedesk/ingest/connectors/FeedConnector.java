package org.issuedesk.ingest.connectors;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.OptionalInt;

import org.issuedesk.ingest.intake.Intake;
import org.issuedesk.ingest.intake.PostRequest;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.springframework.stereotype.Component;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

/**
 * RSS 2.0 and Atom feeds (blogs, their comment feeds) parsed by Rome, each entry sent through the
 * {@link Intake} as a post of platform {@code rss} (source tag = the feed's name). Per feed: a
 * Resilience4j retry with exponential backoff that honours {@code Retry-After} on 429/503, and a
 * circuit breaker. The cursor is the newest entry date handed over; it moves only when every post
 * of the round was accepted, a duplicate or rejected (invalid for good), and the whole round is
 * skipped while the publish breaker is open, so a broker outage never moves it.
 */
@Component
public class FeedConnector extends PollingConnector<FeedProperties.Feed> {

    static final String PLATFORM = "rss";

    private final FeedProperties properties;

    public FeedConnector(FeedProperties properties, Intake intake, PublishBreaker publishBreaker,
            ConnectorCursors cursors) {
        super(properties, intake, publishBreaker, cursors);
        this.properties = properties;
    }

    @Override
    List<FeedProperties.Feed> sources() {
        return properties.feeds();
    }

    @Override
    String describe(FeedProperties.Feed feed) {
        return "feed " + feed.name() + " (" + feed.url() + ")";
    }

    @Override
    public int poll(FeedProperties.Feed feed) throws Exception {
        if (paused(feed)) {
            return 0;
        }
        String source = "feed:" + feed.name();
        Instant cursor = cursors.get(source).map(Instant::parse).orElse(Instant.EPOCH);
        byte[] body = http.get(source, feed.url(),
                "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8");
        SyndFeed parsed = new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(body)));

        List<SyndEntry> fresh = new ArrayList<>();
        for (SyndEntry entry : parsed.getEntries()) {
            Instant at = dateOf(entry);
            if (at == null || at.isAfter(cursor)) {
                fresh.add(entry); // an entry without a date is sent so that the intake rejects it, counted
            }
        }
        fresh.sort(Comparator.comparing(FeedConnector::dateOf, Comparator.nullsLast(Comparator.naturalOrder())));
        OptionalInt accepted = handOver(feed, fresh.stream().map(entry -> toPost(parsed, entry)).toList(), feed.name());
        if (accepted.isEmpty()) {
            return 0;
        }
        fresh.stream().map(FeedConnector::dateOf).filter(d -> d != null).max(Comparator.naturalOrder())
                .ifPresent(newest -> cursors.put(source, newest.toString()));
        return accepted.getAsInt();
    }

    static Instant dateOf(SyndEntry entry) {
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        return date == null ? null : date.toInstant();
    }

    /** Title and content (or description) as the text; HTML is made plain by the intake. */
    private static PostRequest toPost(SyndFeed feed, SyndEntry entry) {
        String id = entry.getUri() != null && !entry.getUri().isBlank() ? entry.getUri() : entry.getLink();
        String author = entry.getAuthor() != null && !entry.getAuthor().isBlank() ? entry.getAuthor() : feed.getTitle();
        StringBuilder text = new StringBuilder();
        if (entry.getTitle() != null) {
            text.append("<p>").append(entry.getTitle()).append("</p>");
        }
        if (!entry.getContents().isEmpty()) {
            entry.getContents().stream().map(SyndContent::getValue).forEach(text::append);
        } else if (entry.getDescription() != null) {
            text.append(entry.getDescription().getValue());
        }
        Instant at = dateOf(entry);
        return new PostRequest(id == null ? null : truncate(id, 200), PLATFORM, author == null ? null : truncate(author, 200),
                text.toString(), at, feed.getLanguage() == null ? null : truncate(feed.getLanguage(), 16), entry.getLink());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
