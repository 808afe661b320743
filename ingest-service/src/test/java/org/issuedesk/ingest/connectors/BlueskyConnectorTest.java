package org.issuedesk.ingest.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The Bluesky connector against a WireMock server answering like {@code app.bsky.feed.searchPosts}
 * ({@code posts} + {@code cursor} paging), a real broker and a real PostgreSQL.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "issuedesk.ingest.connectors.bluesky.page-limit=2",
        "issuedesk.ingest.connectors.bluesky.backoff=100ms" })
@EmbeddedKafka
class BlueskyConnectorTest {

    private static final WireMockServer appview = new WireMockServer(options().dynamicPort());
    private static final String SEARCH = "/xrpc/app.bsky.feed.searchPosts";

    @DynamicPropertySource
    static void ledgerAndServer(DynamicPropertyRegistry registry) {
        appview.start();
        registry.add("issuedesk.ingest.connectors.bluesky.service", appview::baseUrl);
        TestDatabase.freshSchema().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopServer() {
        appview.stop();
    }

    @Autowired
    BlueskyConnector connector;
    @Autowired
    BlueskyProperties properties;
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

    static String post(String rkey, String createdAt, String text) {
        return """
                {"uri":"at://did:plc:abc123/app.bsky.feed.post/%1$s","cid":"bafyrei%1$s",
                 "author":{"did":"did:plc:abc123","handle":"carol.bsky.social","displayName":"Carol"},
                 "record":{"$type":"app.bsky.feed.post","text":"%3$s","langs":["en"]%2$s},
                 "replyCount":0,"repostCount":0,"likeCount":2,"indexedAt":"2026-11-21T09:00:01.000Z","labels":[]}"""
                .formatted(rkey, createdAt == null ? "" : ",\"createdAt\":\"" + createdAt + "\"", text);
    }

    @Test
    void shouldFollowTheCursorRejectAMalformedPostAndResumeSinceTheNewestAfterARestart() throws Exception {
        // Given two pages of results for "EI", the second with a post without createdAt
        appview.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("EI claim"))
                .withQueryParam("since", absent()).withQueryParam("cursor", absent())
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"cursor":"2","hitsTotal":3,"posts":[%s,%s]}""".formatted(
                        post("3kb", "2026-11-21T09:00:00.000Z", "My #EI claim is stuck @ServiceCanada_E"),
                        post("3ka", "2026-11-21T08:00:00.000Z", "EI claim week 5")))));
        appview.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("EI claim"))
                .withQueryParam("cursor", equalTo("2")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody("""
                                {"hitsTotal":3,"posts":[%s]}""".formatted(post("3k9", null, "no date")))));
        appview.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("EI claim"))
                .withQueryParam("since", equalTo("2026-11-21T09:00:00Z")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody("""
                                {"posts":[%s]}""".formatted(post("3kb", "2026-11-21T09:00:00.000Z", "My #EI claim is stuck @ServiceCanada_E")))));
        BlueskyProperties.Search search = new BlueskyProperties.Search("ei", "EI claim");

        // When
        int accepted = connector.poll(search);

        // Then
        assertThat(accepted).isEqualTo(2);
        assertThat(cursors.get("bluesky:ei")).hasValue("2026-11-21T09:00:00Z");
        SocialPost kb = (SocialPost) PostsRawRecords.withKey(broker.getBrokersAsString(),
                "bluesky:at://did:plc:abc123/app.bsky.feed.post/3kb").get(0).value();
        assertThat(kb.author()).isEqualTo("@carol.bsky.social");
        assertThat(kb.url()).isEqualTo("https://bsky.app/profile/carol.bsky.social/post/3kb");
        assertThat(kb.mentions()).containsExactly("ServiceCanada_E");
        assertThat(kb.lang()).isEqualTo("en");

        // When the service restarts and searches again
        int afterRestart = new BlueskyConnector(properties, intake, publishBreaker, cursors, json).poll(search);

        // Then it asked only for posts since the newest, and published nothing again
        assertThat(afterRestart).isZero();
        appview.verify(getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("since", equalTo("2026-11-21T09:00:00Z")));
        List<String> keys = PostsRawRecords.all(broker.getBrokersAsString()).stream().map(r -> r.key())
                .filter(k -> k.startsWith("bluesky:at://")).toList();
        assertThat(keys).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void shouldWaitOutA429WithRetryAfter() throws Exception {
        // Given a search that is rate-limited once
        appview.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("passport")).inScenario("rate")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        appview.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("passport")).inScenario("rate")
                .whenScenarioStateIs("ok").willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"posts\":[" + post("3p1", "2026-11-21T10:00:00Z", "passport line") + "]}")));

        // When
        long started = System.nanoTime();
        int accepted = connector.poll(new BlueskyProperties.Search("passport", "passport"));

        // Then
        assertThat(accepted).isEqualTo(1);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
        appview.verify(2, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("passport")));
    }
}
