package org.issuedesk.ingest.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.ingest.intake.Intake;
import org.issuedesk.ingest.intake.PostsRawRecords;
import org.issuedesk.ingest.intake.PublishBreaker;
import org.issuedesk.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * The RSS/Atom connector against a WireMock server serving feeds shaped like real ones, a real
 * broker and a real PostgreSQL: entries become posts, a malformed one is rejected, a restart resumes
 * from the persisted cursor without publishing again, and a 429 with Retry-After is waited out.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "issuedesk.ingest.connectors.feeds.backoff=100ms",
        "issuedesk.ingest.connectors.feeds.max-attempts=3" })
@EmbeddedKafka
class FeedConnectorTest {

    private static final WireMockServer feeds = new WireMockServer(options().dynamicPort());

    @DynamicPropertySource
    static void ledgerAndFeeds(DynamicPropertyRegistry registry) {
        feeds.start();
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopFeeds() {
        feeds.stop();
    }

    @Autowired
    FeedConnector connector;
    @Autowired
    FeedProperties properties;
    @Autowired
    Intake intake;
    @Autowired
    PublishBreaker publishBreaker;
    @Autowired
    ConnectorCursors cursors;
    @Autowired
    EmbeddedKafkaBroker broker;

    static String rss(String... items) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel>
                  <title>Benefits Watch</title><link>https://blog.example.org/</link><language>en</language>
                  <description>A blog about benefits</description>
                  %s
                </channel></rss>""".formatted(String.join("\n", items));
    }

    static String item(String guid, String date, String title) {
        return """
                <item><title>%s</title><link>https://blog.example.org/%s</link><guid isPermaLink="false">%s</guid>
                  <pubDate>%s</pubDate><author>editor@example.org (Ed)</author>
                  <description>&lt;p&gt;Our #EI claim &amp;amp; the &lt;b&gt;backlog&lt;/b&gt;, see https://canada.ca/ei&lt;/p&gt;</description></item>"""
                .formatted(title, guid, guid, date, guid);
    }

    @Test
    void shouldPublishEntriesRejectAMalformedOneAndResumeAfterARestartWithoutRepublishing() throws Exception {
        // Given a feed with two entries and one without a date
        String undated = "<item><title>No date</title><guid>undated-1</guid><description>x</description></item>";
        feeds.stubFor(get(urlEqualTo("/rss")).willReturn(aResponse().withHeader("Content-Type", "application/rss+xml")
                .withBody(rss(item("e1", "Fri, 20 Nov 2026 10:00:00 GMT", "EI backlog"),
                        item("e2", "Fri, 20 Nov 2026 11:00:00 GMT", "EI backlog again"), undated))));
        FeedProperties.Feed feed = new FeedProperties.Feed("benefits-blog", URI.create(feeds.baseUrl() + "/rss"));

        // When
        int accepted = connector.poll(feed);

        // Then
        assertThat(accepted).isEqualTo(2);
        SocialPost e1 = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(), "rss:e1").get(0).value();
        assertThat(e1.text()).isEqualTo("EI backlog\n\nOur #EI claim & the backlog, see https://canada.ca/ei");
        assertThat(e1.hashtags()).containsExactly("EI");
        assertThat(e1.url()).isEqualTo("https://blog.example.org/e1");
        assertThat(e1.lang()).isEqualTo("en");
        assertThat(PostsRawRecords.withKey(broker.getBrokersAsString(), "rss:undated-1")).isEmpty();
        assertThat(cursors.get("feed:benefits-blog")).hasValue("2026-11-20T11:00:00Z");

        // When the service restarts (a new connector, same database) and the feed has one more entry
        feeds.stubFor(get(urlEqualTo("/rss")).willReturn(aResponse().withHeader("Content-Type", "application/rss+xml")
                .withBody(rss(item("e3", "Fri, 20 Nov 2026 12:00:00 GMT", "Newer"),
                        item("e1", "Fri, 20 Nov 2026 10:00:00 GMT", "EI backlog"),
                        item("e2", "Fri, 20 Nov 2026 11:00:00 GMT", "EI backlog again")))));
        FeedConnector restarted = new FeedConnector(properties, intake, publishBreaker, cursors);
        int acceptedAfterRestart = restarted.poll(feed);

        // Then only the new entry is published, and nothing twice
        assertThat(acceptedAfterRestart).isEqualTo(1);
        List<String> keys = PostsRawRecords.all(broker.getBrokersAsString()).stream().map(r -> r.key())
                .filter(k -> k.startsWith("rss:e")).toList();
        assertThat(keys).containsExactlyInAnyOrder("rss:e1", "rss:e2", "rss:e3");
        assertThat(cursors.get("feed:benefits-blog")).hasValue("2026-11-20T12:00:00Z");
    }

    @Test
    void shouldWaitOutA429WithRetryAfterThenReadTheAtomFeed() throws Exception {
        // Given an Atom feed that first answers 429 Retry-After: 1
        String atom = """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>Passport comments</title><id>urn:uuid:feed-1</id><updated>2026-11-20T10:00:00Z</updated>
                  <entry><title>Line at Laval</title><id>urn:uuid:a1</id><updated>2026-11-20T10:00:00Z</updated>
                    <author><name>nathou</name></author><link href="https://blog.example.org/a1"/>
                    <content type="html">&lt;p&gt;3 hours in line &amp;amp; sent home&lt;/p&gt;</content></entry>
                </feed>""";
        feeds.stubFor(get(urlEqualTo("/atom")).inScenario("rate-limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        feeds.stubFor(get(urlEqualTo("/atom")).inScenario("rate-limit").whenScenarioStateIs("ok")
                .willReturn(aResponse().withHeader("Content-Type", "application/atom+xml").withBody(atom)));
        FeedProperties.Feed feed = new FeedProperties.Feed("passport-comments", URI.create(feeds.baseUrl() + "/atom"));

        // When
        long started = System.nanoTime();
        int accepted = connector.poll(feed);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // Then it waited the second the server asked for, then published the entry
        assertThat(accepted).isEqualTo(1);
        assertThat(tookMillis).isGreaterThanOrEqualTo(1000);
        feeds.verify(2, getRequestedFor(urlEqualTo("/atom")));
        SocialPost a1 = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(), "rss:urn:uuid:a1").get(0).value();
        assertThat(a1.author()).isEqualTo("nathou");
        assertThat(a1.text()).isEqualTo("Line at Laval\n\n3 hours in line & sent home");
    }
}
