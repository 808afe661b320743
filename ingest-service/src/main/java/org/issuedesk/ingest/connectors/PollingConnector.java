package org.issuedesk.ingest.connectors;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import org.issuedesk.ingest.intake.Intake;
import org.issuedesk.ingest.intake.PostRequest;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton every polling connector shares: rounds over its sources on a schedule (registered by
 * {@link ConnectorConfiguration} when the connector is enabled), a failing source that does not stop
 * the others, a fetch with retry and breaker per source ({@link ConnectorHttp}), and the pause rule:
 * nothing is fetched while the publish breaker is open, and a cursor never moves past a post the
 * broker does not have ({@link Handover}).
 *
 * @param <S> one source: a feed, a timeline, a search
 */
public abstract class PollingConnector<S> {

    protected final Logger log = LoggerFactory.getLogger(getClass());
    private final PollingProperties properties;
    private final Handover handover;
    protected final ConnectorCursors cursors;
    protected final ConnectorHttp http;

    PollingConnector(PollingProperties properties, Intake intake, PublishBreaker publishBreaker,
            ConnectorCursors cursors) {
        this.properties = properties;
        this.handover = new Handover(intake, publishBreaker);
        this.cursors = cursors;
        // a source's breaker stays open for two rounds: a dead source is not hammered every round
        this.http = new ConnectorHttp(properties.maxAttempts(), properties.backoff(), properties.timeout(),
                properties.pollInterval().multipliedBy(2));
    }

    abstract List<S> sources();

    /** A source in log lines. */
    abstract String describe(S source);

    /**
     * One round over one source.
     *
     * @return how many posts were accepted; 0 also when paused
     */
    public abstract int poll(S source) throws Exception;

    boolean enabled() {
        return properties.enabled() && !sources().isEmpty();
    }

    Duration pollInterval() {
        return properties.pollInterval();
    }

    /** One round over every source; a failing source does not stop the others. */
    public void pollAll() {
        for (S source : sources()) {
            try {
                poll(source);
            } catch (Exception e) {
                log.warn("{} not polled: {}", describe(source), e.toString());
            }
        }
    }

    /** True (and logged) while the broker is away: the round stops before fetching anything. */
    boolean paused(S source) {
        if (handover.paused()) {
            log.info("{} paused: the broker is unavailable", describe(source));
            return true;
        }
        return false;
    }

    /**
     * Hands a page of posts to the intake.
     *
     * @return how many were accepted; empty (logged) when any was not stored: the round must stop
     *         without moving the cursor
     */
    OptionalInt handOver(S source, List<PostRequest> posts, String metricsSource) {
        OptionalInt accepted = handover.take(posts, metricsSource);
        if (accepted.isEmpty()) {
            log.info("{} paused: the broker did not store every post; the cursor stays", describe(source));
        }
        return accepted;
    }
}
