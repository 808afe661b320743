package org.issuedesk.routing.cases;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the SLA scan periodically ({@code issuedesk.routing.sla.scan-interval}); off with {@code enabled=false}. */
@Component
@ConditionalOnProperty(name = "issuedesk.routing.sla.enabled", havingValue = "true", matchIfMissing = true)
public class SlaScheduler {

    private static final Logger log = LoggerFactory.getLogger(SlaScheduler.class);

    private final SlaClock clock;

    public SlaScheduler(SlaClock clock) {
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${issuedesk.routing.sla.scan-interval:PT15S}", initialDelayString = "PT5S")
    public void scan() {
        try {
            int escalated = clock.scan();
            if (escalated > 0) {
                log.info("SLA scan escalated {} cases", escalated);
            }
        } catch (RuntimeException e) {
            // the next scan tries again; due times are in the database
            log.warn("SLA scan failed: {}", e.toString());
        }
    }

}
