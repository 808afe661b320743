package org.issuedesk.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.SerializationException;
import org.issuedesk.contracts.classifier.AlertState;
import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueAlert;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.contracts.kafka.EventDeserializer;
import org.issuedesk.contracts.kafka.EventSerializer;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.contracts.routing.CaseEventType;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.contracts.routing.RoutedCase;
import org.issuedesk.contracts.routing.RoutingFeedback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;

/** The records, their JSON Schemas and the AsyncAPI document must describe the same events. */
class ContractsTest {

    private static final String SCHEMA_BASE = "https://issuedesk.example/schemas/";
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
    private static final Instant T = Instant.parse("2026-11-20T14:03:00Z");

    private final EventSerializer serializer = new EventSerializer();
    private final EventDeserializer deserializer = new EventDeserializer();

    static SocialPost post() {
        return new SocialPost(1, "mastodon:1234", "mastodon", "1234", "@someone",
                "Still no news on my #EI claim after 6 weeks @ServiceCanada https://example.org/x", T, "en",
                "https://mastodon.example/@someone/1234", List.of("EI"), List.of("ServiceCanada"),
                List.of("https://example.org/x"), null, T.plusSeconds(5), 25_000L);
    }

    /** The same post from a source that gives no follower count. */
    static SocialPost postWithoutFollowers() {
        SocialPost p = post();
        return new SocialPost(p.schemaVersion(), p.id(), p.platform(), p.externalId(), p.author(), p.text(),
                p.createdAt(), p.lang(), p.url(), p.hashtags(), p.mentions(), p.links(), p.duplicateOf(), p.receivedAt());
    }

    static ClassifiedPost classified() {
        return new ClassifiedPost(1, post(), "employment-insurance", 0.92, IssueKind.COMPLAINT, 0.7, "en",
                List.of("term 'EI claim'"), "terms-1", T.plusSeconds(6));
    }

    static IssueAlert alert(IssueKind kind) {
        return new IssueAlert(IssueAlert.SCHEMA_VERSION, "passports@2026-11-20T14:10:00Z", "passports", kind,
                AlertState.UPDATED, T, T.plusSeconds(600), 42, 3.5, 8.1, List.of("#passport", "delays"),
                List.of("mastodon:1234"), T.plusSeconds(420), T.plusSeconds(600));
    }

    /** One sample of every event type, and the topic that carries it. */
    static Stream<Object[]> samples() {
        return Stream.of(
                new Object[] {Topics.POSTS_RAW, post()},
                new Object[] {Topics.POSTS_RAW, postWithoutFollowers()},
                new Object[] {Topics.POSTS_CLASSIFIED, classified()},
                new Object[] {Topics.teamQueue("benefits-horizontal"), new RoutedCase(1, "c-1", "benefits-horizontal",
                        Priority.HIGH, T.plusSeconds(3600), "owner of employment-insurance", classified(), T)},
                // an emerging-issue case: the alert that opened it rides along (optional field)
                new Object[] {Topics.teamQueue("travel-documents-horizontal"), new RoutedCase(1, "c-2",
                        "travel-documents-horizontal", Priority.HIGH, T.plusSeconds(3600), "emerging issue on passports",
                        classified(), T, alert(null))},
                new Object[] {Topics.CASES_EVENTS, new CaseEvent(1, "e-1", "c-1", CaseEventType.ROUTED, "mastodon:1234",
                        "benefits-horizontal", "system", Map.of("reason", "owner"), T)},
                new Object[] {Topics.ROUTING_FEEDBACK, new RoutingFeedback(1, "mastodon:1234", "c-1", "text", "en",
                        "pensions", "employment-insurance", IssueKind.OTHER, IssueKind.COMPLAINT, "martine.l", T)},
                new Object[] {Topics.ISSUES_ALERTS, alert(IssueKind.MISINFORMATION)},
                new Object[] {Topics.ISSUES_ALERTS, alert(null)},
                new Object[] {Topics.REGISTRY_POLICY_FILES, new PolicyFileDefinition(1, "passports",
                        new Localized("Passports", "Passeports"), "about", Map.of("en", List.of("passport")),
                        Map.of("en", "passport OR \"passport office\""), List.of("Where is my passport?"))});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldWriteEveryEventAsJsonThatItsSchemaAccepts(Topic<?> topic, Object event) {
        byte[] json = serializer.serialize(topic.name(), event);

        List<com.networknt.schema.Error> errors = schemaOf(topic.valueType())
                .validate(new String(json, StandardCharsets.UTF_8), com.networknt.schema.InputFormat.JSON);

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldReadBackTheSameEventFromItsTopic(Topic<?> topic, Object event) {
        byte[] json = serializer.serialize(topic.name(), event);

        assertThat(deserializer.deserialize(topic.name(), json)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldDescribeExactlyTheRecordComponentsInTheSchema(Topic<?> topic, Object event) {
        Set<String> components = Arrays.stream(topic.valueType().getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toSet());

        JsonNode schema = schemaOf(topic.valueType()).getSchemaNode();
        Set<String> properties = new HashSet<>(schema.get("properties").propertyNames());

        assertThat(properties).isEqualTo(components);
    }

    @Test
    void shouldRejectAnEventThatBreaksItsSchema() {
        String missingId = """
                {"schemaVersion":1,"platform":"x","externalId":"1","author":"a","text":"t",
                 "createdAt":"2026-11-20T14:03:00Z","receivedAt":"not a date"}""";

        var errors = schemaOf(SocialPost.class).validate(missingId, com.networknt.schema.InputFormat.JSON);

        assertThat(errors).extracting(com.networknt.schema.Error::getMessage)
                .anySatisfy(m -> assertThat(m).contains("id"));
    }

    @Test
    void shouldFailWithASerializationExceptionOnAPoisonRecord() {
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize("posts.raw", poison))
                .isInstanceOf(SerializationException.class).hasMessageContaining("SocialPost");
        assertThatThrownBy(() -> deserializer.deserialize("posts.raw", "null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> deserializer.deserialize("someone.elses", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("catalogue");
    }

    @Test
    void shouldIgnoreFieldsThatANewerProducerAdds() {
        String newer = new String(serializer.serialize("posts.raw", post()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\":true,");

        assertThat(deserializer.deserialize("posts.raw", newer.getBytes(StandardCharsets.UTF_8))).isEqualTo(post());
    }

    @Test
    void shouldReadAPostWrittenBeforeAuthorFollowersExistedWithAnUnknownCount() {
        String v1 = new String(serializer.serialize("posts.raw", post()), StandardCharsets.UTF_8)
                .replaceFirst(",?\"authorFollowers\":25000", "");
        assertThat(v1).doesNotContain("authorFollowers");

        SocialPost read = (SocialPost) deserializer.deserialize("posts.raw", v1.getBytes(StandardCharsets.UTF_8));

        assertThat(read.authorFollowers()).isNull();
        assertThat(read).isEqualTo(postWithoutFollowers());
        assertThat(schemaOf(SocialPost.class).validate(v1, com.networknt.schema.InputFormat.JSON)).isEmpty();
    }

    @Test
    void shouldRefuseANegativeFollowerCount() {
        String negative = new String(serializer.serialize("posts.raw", post()), StandardCharsets.UTF_8)
                .replace("\"authorFollowers\":25000", "\"authorFollowers\":-1");

        assertThat(schemaOf(SocialPost.class).validate(negative, com.networknt.schema.InputFormat.JSON)).isNotEmpty();
        assertThatThrownBy(() -> deserializer.deserialize("posts.raw", negative.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldReadATombstoneOnTheRegistryAsNull() {
        assertThat(deserializer.deserialize(Topics.REGISTRY_POLICY_FILES.name(), null)).isNull();
    }

    @Test
    void shouldNameTeamQueuesAndRefuseBadTeamIds() {
        assertThat(Topics.teamQueue("triage").name()).isEqualTo("team-queue.triage");
        assertThat(Topics.byName("team-queue.triage").<Class<?>>map(Topic::valueType)).contains(RoutedCase.class);
        assertThat(Topics.byName("team-queue.triage-dlt")).isEmpty();
        assertThat(Topics.POSTS_RAW.deadLetter()).isEqualTo("posts.raw-dlt");
        assertThatThrownBy(() -> Topics.teamQueue("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDescribeEveryTopicOfTheCatalogueInTheAsyncApiDocument() throws Exception {
        Map<String, Object> asyncApi;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi.yaml")) {
            asyncApi = new Yaml().load(in);
        }
        assertThat(asyncApi.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) asyncApi.get("channels");
        Set<String> addresses = channels.values().stream().map(c -> (String) c.get("address")).collect(Collectors.toSet());

        Set<String> expected = Topics.FIXED.stream().map(Topic::name).collect(Collectors.toCollection(HashSet::new));
        expected.add(Topics.TEAM_QUEUE_PREFIX + "{teamId}");
        assertThat(addresses).isEqualTo(expected);

        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) asyncApi.get("components")).get("messages");
        Set<String> payloadSchemas = messages.values().stream()
                .map(m -> (Map<String, Object>) m.get("payload"))
                .map(p -> (String) ((Map<String, Object>) p.get("schema")).get("$ref"))
                .map(ref -> ref.replace("./schemas/", ""))
                .collect(Collectors.toSet());
        Set<String> valueSchemas = samples().map(s -> schemaFileOf(((Topic<?>) s[0]).valueType()))
                .collect(Collectors.toSet());
        assertThat(payloadSchemas).isEqualTo(valueSchemas);
    }

    private static Schema schemaOf(Class<?> type) {
        return SCHEMAS.getSchema(com.networknt.schema.SchemaLocation.of(SCHEMA_BASE + schemaFileOf(type)));
    }

    /** SocialPost → social-post.schema.json */
    private static String schemaFileOf(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase() + ".schema.json";
    }
}
