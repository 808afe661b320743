package org.issuedesk.ingest.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

class ConnectorConfigurationTest {

    @Test
    void shouldScheduleOnlyConnectorsThatAreOnAndHaveSources() {
        // Given feeds switched on with one feed, Mastodon switched on without timelines, Bluesky off
        var feeds = new FeedConnector(new FeedProperties(true, Duration.ofMinutes(7), 3, Duration.ofSeconds(2),
                Duration.ofSeconds(10), List.of(new FeedProperties.Feed("blog", URI.create("https://blog.example/feed")))),
                null, null, null);
        var mastodon = new MastodonConnector(new MastodonProperties(true, Duration.ofMinutes(2), 40, 10, 5, 3,
                Duration.ofSeconds(2), Duration.ofSeconds(10), List.of()), null, null, null, null);
        var bluesky = new BlueskyConnector(new BlueskyProperties(false, URI.create("https://public.api.bsky.app"),
                Duration.ofMinutes(2), 50, 10, 3, Duration.ofSeconds(2), Duration.ofSeconds(10),
                List.of(new BlueskyProperties.Search("ei", "EI claim"))), null, null, null, null);
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

        // When
        new ConnectorConfiguration(List.of(feeds, mastodon, bluesky)).configureTasks(registrar);

        // Then one task, at the feeds' interval, after the first-round delay
        assertThat(registrar.getFixedDelayTaskList()).extracting(IntervalTask::getIntervalDuration,
                IntervalTask::getInitialDelayDuration).containsExactly(
                        Tuple.tuple(Duration.ofMinutes(7), ConnectorConfiguration.FIRST_ROUND_AFTER));
    }
}
