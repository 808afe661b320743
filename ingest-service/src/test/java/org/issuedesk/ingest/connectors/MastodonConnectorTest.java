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

import tools.jackson.databind.json.JsonMapper;

/**
 * The Mastodon connector against a WireMock server answering like {@code GET /api/v1/timelines/tag/:hashtag}
 * (statuses newest first, {@code max_id} back-fill and {@code min_id} paging), a real broker and a real PostgreSQL.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "issuedesk.ingest.connectors.mastodon.page-limit=2",
        "issuedesk.ingest.connectors.mastodon.backfill-pages=2",
        "issuedesk.ingest.connectors.mastodon.backoff=100ms" })
@EmbeddedKafka
class MastodonConnectorTest {

    private static final WireMockServer mastodon = new WireMockServer(options().dynamicPort());

    @DynamicPropertySource
    static void ledgerAndServer(DynamicPropertyRegistry registry) {
        mastodon.start();
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopServer() {
        mastodon.stop();
    }

    @Autowired
    MastodonConnector connector;
    @Autowired
    MastodonProperties properties;
    @Autowired
    Intake intake;
    @Autowired
    PublishBreaker publishBreaker;
    @Autowired
    ConnectorCursors cursors;
    @Autowired
    JsonMapper json;
    @Autowired
    EmbeddedKafkaBroker broker;

    static String status(String id, String createdAt) {
        return """
                {"id":"%1$s","created_at":%2$s,"in_reply_to_id":null,"sensitive":false,"spoiler_text":"",
                 "visibility":"public","language":"en","uri":"https://mastodon.example/users/someone/statuses/%1$s",
                 "url":"https://mastodon.example/@someone/%1$s","replies_count":0,"reblogs_count":0,"favourites_count":1,
                 "content":"<p>Still no news on my <a href=\\"https://mastodon.example/tags/EI\\" class=\\"mention hashtag\\" rel=\\"tag\\">#<span>EI</span></a> claim &amp; it&#39;s week %1$s</p>",
                 "reblog":null,"account":{"id":"7","username":"someone","acct":"someone","display_name":"Some One",
                 "url":"https://mastodon.example/@someone","followers_count":25000},"media_attachments":[],"mentions":[],
                 "tags":[{"name":"ei","url":"https://mastodon.example/tags/ei"}],"emojis":[],"card":null,"poll":null}"""
                .formatted(id, createdAt == null ? "null" : "\"" + createdAt + "\"");
    }

    private void serve(String query, String... statuses) {
        mastodon.stubFor(get(urlEqualTo("/api/v1/timelines/tag/EI?" + query)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("[" + String.join(",", statuses) + "]")));
    }

    @Test
    void shouldBackfillWithMaxIdPageWithMinIdRejectAMalformedStatusAndResumeAfterARestart() throws Exception {
        // Given the latest page, two older ones (the last one short), newer statuses (one without
        // created_at) and then nothing newer
        serve("limit=2", status("102", "2026-11-20T10:02:00.000Z"), status("101", "2026-11-20T10:01:00.000Z"));
        serve("limit=2&max_id=101", status("100", "2026-11-20T10:00:00.000Z"), status("99", "2026-11-20T09:59:00.000Z"));
        serve("limit=2&max_id=99", status("98", "2026-11-20T09:58:00.000Z"));
        serve("limit=2&min_id=102", status("104", "2026-11-20T10:04:00.000Z"), status("103", null));
        serve("limit=2&min_id=104");
        MastodonProperties.Timeline timeline = new MastodonProperties.Timeline(URI.create(mastodon.baseUrl()), "EI");

        // When the first round takes the latest page and back-fills the older ones, the second the newer ones
        int first = connector.poll(timeline);
        assertThat(cursors.get(timeline.source())).hasValue("102");
        int second = connector.poll(timeline);

        // Then
        assertThat(first).isEqualTo(5);
        assertThat(second).isEqualTo(1);
        assertThat(cursors.get(timeline.source())).hasValue("104");
        SocialPost s101 = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(),
                "mastodon:https://mastodon.example/users/someone/statuses/101").get(0).value();
        assertThat(s101.text()).isEqualTo("Still no news on my #EI claim & it's week 101");
        assertThat(s101.author()).isEqualTo("@someone");
        assertThat(s101.hashtags()).containsExactly("EI");
        assertThat(s101.url()).isEqualTo("https://mastodon.example/@someone/101");
        assertThat(s101.authorFollowers()).as("account.followers_count").isEqualTo(25_000L);
        mastodon.verify(getRequestedFor(urlEqualTo("/api/v1/timelines/tag/EI?limit=2&min_id=104")));
        mastodon.verify(1, getRequestedFor(urlEqualTo("/api/v1/timelines/tag/EI?limit=2&max_id=99")));

        // When the service restarts and polls again
        int afterRestart = new MastodonConnector(properties, intake, publishBreaker, cursors, json).poll(timeline);

        // Then nothing is published again, and the back-fill is not repeated
        assertThat(afterRestart).isZero();
        mastodon.verify(1, getRequestedFor(urlEqualTo("/api/v1/timelines/tag/EI?limit=2&max_id=99")));
        List<String> keys = PostsRawRecords.all(broker.getBrokersAsString()).stream().map(r -> r.key())
                .filter(k -> k.startsWith("mastodon:https://mastodon.example/")).toList();
        assertThat(keys).hasSize(6).doesNotHaveDuplicates()
                .contains("mastodon:https://mastodon.example/users/someone/statuses/98");
    }

    @Test
    void shouldWaitOutA429WithRetryAfter() throws Exception {
        // Given a timeline that is rate-limited once
        String path = "/api/v1/timelines/tag/passports?limit=2";
        mastodon.stubFor(get(urlEqualTo(path)).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        mastodon.stubFor(get(urlEqualTo(path)).inScenario("rate").whenScenarioStateIs("ok").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("[" + status("201", "2026-11-21T09:00:00Z") + "]")));

        // When
        long started = System.nanoTime();
        int accepted = connector.poll(new MastodonProperties.Timeline(URI.create(mastodon.baseUrl()), "passports"));

        // Then
        assertThat(accepted).isEqualTo(1);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
        mastodon.verify(2, getRequestedFor(urlEqualTo(path)));
    }
}
