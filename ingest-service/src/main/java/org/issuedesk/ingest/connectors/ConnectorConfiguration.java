package org.issuedesk.ingest.connectors;

import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Polling connectors run on Spring's scheduler, each at its own {@code poll-interval}; a connector
 * that is switched off (or has no source) is not scheduled at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ConnectorConfiguration implements SchedulingConfigurer {

    /** Lets the service become ready (and the broker connection settle) before the first round. */
    static final Duration FIRST_ROUND_AFTER = Duration.ofSeconds(10);

    private final List<PollingConnector<?>> connectors;

    ConnectorConfiguration(List<PollingConnector<?>> connectors) {
        this.connectors = connectors;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        for (PollingConnector<?> connector : connectors) {
            if (connector.enabled()) {
                registrar.addFixedDelayTask(new FixedDelayTask(connector::pollAll, connector.pollInterval(),
                        FIRST_ROUND_AFTER));
            }
        }
    }
}
