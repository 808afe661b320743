package org.issuedesk.ingest.intake;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.config.MeterFilter;

@Configuration(proxyBeanMethods = false)
class IntakeMetricsConfiguration {

    /** Any client chooses the platform name: cap the series it can create. */
    static final int MAX_PLATFORM_TAGS = 100;

    @Bean
    MeterFilter platformTagLimit() {
        return MeterFilter.maximumAllowableTags(IntakeMetrics.POSTS, "platform", MAX_PLATFORM_TAGS, MeterFilter.deny());
    }
}
