package org.issuedesk.classifier.surge;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.CleanupConfig;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.FileSystemUtils;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The surge detector as a Kafka Streams application inside the classifier service, with its own
 * application id and state directory; spring-kafka starts and stops it with the context. On by default
 * ({@code issuedesk.classifier.surge.enabled=false} turns it off).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "issuedesk.classifier.surge", name = "enabled", matchIfMissing = true)
class SurgeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SurgeConfiguration.class);

    @Bean
    StreamsBuilderFactoryBean surgeStreams(KafkaProperties kafka, SurgeProperties settings,
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> config = kafka.buildStreamsProperties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        boolean keepState = settings.stateDir() != null;
        Path startFolder = Path.of(System.getProperty("java.io.tmpdir"), "issuedesk-kafka-streams",
                UUID.randomUUID().toString());
        config.put(StreamsConfig.STATE_DIR_CONFIG, keepState ? settings.stateDir() : startFolder.toString());
        // posts.classified is written by this service; a value it cannot read is logged and skipped
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(config));
        // a state folder of this start only is deleted on stop; the changelog rebuilds it on the next start
        factory.setCleanupConfig(new CleanupConfig(false, !keepState));
        if (!keepState) {
            // Kafka Streams' clean-up empties the folder but leaves it (and its lock file): remove it, after
            // the clean-up (a restart of the same factory makes it again)
            factory.addListener(new StreamsBuilderFactoryBean.Listener() {
                @Override
                public void streamsRemoved(String id, KafkaStreams streams) {
                    try {
                        FileSystemUtils.deleteRecursively(startFolder);
                    } catch (IOException e) {
                        log.warn("could not delete the surge detector's state folder {}: {}", startFolder, e.toString());
                    }
                }
            });
        }
        // a stopping instance would leave the group at once, but Kafka Streams does that for static members
        // (group.instance.id) only: a dynamic one is dropped when its session times out (45 s by default), so a
        // restarted detector resumes that much later (docs/alerts.md, known limits)
        factory.setLeaveGroupOnClose(true);
        Clock serviceClock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
            @Override
            public void configureBuilder(StreamsBuilder builder) {
                SurgeTopology.build(builder, settings, serviceClock, registry);
            }
        });
        return factory;
    }
}
