package org.issuedesk.ingest.connectors;

import java.time.Duration;

/** What every polling connector's properties have: the switch, the schedule and the fetch's retry. */
interface PollingProperties {

    /** Poll on a schedule; off by default. */
    boolean enabled();

    /** Time between the end of one round over all sources and the start of the next. */
    Duration pollInterval();

    /** Attempts per fetch (the first included) on 429, 5xx or an I/O error. */
    int maxAttempts();

    /** Wait before the second attempt, doubled each time; a {@code Retry-After} wins. */
    Duration backoff();

    /** Connect and read timeout of one fetch. */
    Duration timeout();
}
