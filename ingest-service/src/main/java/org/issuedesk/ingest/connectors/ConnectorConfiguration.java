package org.issuedesk.ingest.connectors;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Connectors poll on Spring's scheduler; each checks its own on/off switch. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ConnectorConfiguration {
}
