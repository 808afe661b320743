package org.issuedesk.routing.cases;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The live case streams ({@code GET /api/teams/{team}/cases/events}), under {@code issuedesk.routing.updates}.
 *
 * @param maxSubscribers open streams one instance serves at once; the next one is a 503 (the console then polls)
 * @param heartbeat      how often an idle stream gets a comment line, so that proxies and the client can tell it
 *                       is alive
 * @param lifetime       how long one stream lasts before the service ends it and the client reconnects: short, so
 *                       that the caller's identity and teams are checked again on each reconnect
 */
@Validated
@ConfigurationProperties("issuedesk.routing.updates")
public record CaseUpdatesProperties(@Min(0) @Max(100_000) Integer maxSubscribers, Duration heartbeat,
        Duration lifetime) {

    public CaseUpdatesProperties {
        maxSubscribers = maxSubscribers == null ? 500 : maxSubscribers;
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        lifetime = lifetime == null ? Duration.ofSeconds(50) : lifetime;
    }

    @AssertTrue(message = "heartbeat and lifetime must be positive")
    public boolean isEveryDurationPositive() {
        return heartbeat.toMillis() > 0 && lifetime.toMillis() > 0;
    }
}
