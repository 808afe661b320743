package org.issuedesk.classifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.hamcrest.Matchers;
import org.issuedesk.classifier.ClassifierApplication;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.identity.InternalToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Managing policy files over a real (in-process KRaft) broker with two instances of the service: this
 * test's context (A, through MockMvc) and a second application (B, over HTTP). A change made on one is
 * applied live on the other, deletions too; definitions survive a restart because they live on the topic.
 */
@SpringBootTest(properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "issuedesk.identity.key=" + PolicyFileManagementTest.IDENTITY_KEY})
@AutoConfigureMockMvc
@EmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyFileManagementTest {

    /** The services check the gateway's identity token; the tests' key (test-support's TestIdentity.KEY). */
    static final String IDENTITY_KEY = "test-internal-key-of-at-least-32-bytes";
    private static final InternalToken TOKENS = InternalToken.of(IDENTITY_KEY, InternalToken.DEFAULT_ISSUER);
    /** An admin, as the gateway lets only admins change policy files. */
    private static final RequestPostProcessor ADMIN = request -> {
        request.addHeader(InternalToken.HEADER, adminToken());
        return request;
    };

    private static final String STUDENT_LOANS = """
            {"name": {"en": "Student loans", "fr": "Prêts étudiants"},
             "about": "Canada Student Financial Assistance: loans, grants, repayment assistance.",
             "terms": {"en": ["student loan", "NSLSC", "repayment assistance plan", "#studentloans"],
                       "fr": ["prêt étudiant", "prêts et bourses", "#pretsetudiants"]},
             "queries": {"en": "(NSLSC OR \\"student loan\\") AND (repay* OR interest OR grant* OR forgiv*)",
                         "fr": "(\\"prêt étudiant\\" OR \\"prêts et bourses\\") AND (rembours* OR intérêt* OR bourse*)"},
             "examples": [
               "My NSLSC account still shows interest although student loans are interest-free now",
               "Applied for the repayment assistance plan three months ago and no answer",
               "Can my student loan be forgiven if I work as a nurse up north?",
               "Mon prêt étudiant: le remboursement est suspendu ou pas? Personne ne répond",
               "Les prêts et bourses ont encore coupé ma bourse cette année"]}""";

    private static final String HOUSING = """
            {"id": "housing",
             "name": {"en": "Housing", "fr": "Logement"},
             "terms": {"en": ["housing benefit", "CMHC", "FHSA", "first home savings account"],
                       "fr": ["allocation logement", "SCHL", "CELIAPP"]},
             "queries": {"en": "(CMHC OR FHSA OR \\"housing benefit\\") NEAR/8 (rent* OR mortgage* OR deposit*)",
                         "fr": "(SCHL OR CELIAPP OR \\"allocation logement\\") NEAR/8 (loyer* OR hypoth* OR dépôt*)"},
             "examples": ["Opened my FHSA but CMHC rules on the mortgage make no sense",
                          "Rent went up 30% and the housing benefit top-up still has not arrived",
                          "Can I move my RRSP into the FHSA before buying the condo?",
                          "Toujours pas reçu l'allocation logement pour le loyer de janvier",
                          "La SCHL exige encore plus de mise de fonds pour l'hypothèque"]}""";

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MockMvc mvc;
    @Autowired
    KafkaAdmin admin;

    private ConfigurableApplicationContext other;
    private RestClient otherClient;
    private long recordsAfterStart;

    @BeforeAll
    void startAnotherInstance() throws Exception {
        startOther();
        recordsAfterStart = registryRecords();
    }

    @AfterAll
    void stopTheOtherInstance() {
        other.close();
    }

    @Test
    void shouldSeedTheTopicOnceFromTheShippedRegistry() {
        // Given both instances started on an empty topic (this one first)

        // Then the eight shipped files were written once, not once per instance, and both serve them
        assertThat(recordsAfterStart).isEqualTo(8);
        JsonNode files = json(call(otherClient, HttpMethod.GET, "/api/policy-files", null).getBody());
        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        assertThat(files.get(0).get("id").asString()).isEqualTo("employment-insurance");
    }

    @Test
    void shouldTagPostsWithANewPolicyFileOnAnotherInstanceWithoutRestart() throws Exception {
        // Given posts that no shipped file describes
        String english = "Still waiting for NSLSC to fix the interest on my student loan repayment";
        String french = "Mon prêt étudiant: le remboursement commence quand? Les intérêts sont-ils abolis?";
        JsonNode before = classifyOnOther(english);
        assertThat(before.get("policyFile").isNull() ? null : before.get("policyFile").asString())
                .isNotEqualTo("student-loans");

        // When an analyst adds a policy file on this instance
        perform(put("/api/policy-files/student-loans").contentType(MediaType.APPLICATION_JSON).content(STUDENT_LOANS))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/policy-files/student-loans"))
                .andExpect(jsonPath("$.id").value("student-loans"))
                .andExpect(jsonPath("$.schemaVersion").value(1));

        // Then the other instance tags such posts with it, its topic query among the evidence, no restart
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode result = classifyOnOther(english);
            assertThat(result.get("policyFile").asString()).isEqualTo("student-loans");
            assertThat(result.get("evidence").toString()).contains("topic query of student-loans matched");
        });
        assertThat(classifyOnOther(french).get("policyFile").asString()).isEqualTo("student-loans");
        assertThat(json(call(otherClient, HttpMethod.GET, "/api/policy-files/student-loans", null).getBody())
                .get("name").get("fr").asString()).isEqualTo("Prêts étudiants");
        // and a second PUT of the same file replaces it
        perform(put("/api/policy-files/student-loans").contentType(MediaType.APPLICATION_JSON).content(STUDENT_LOANS))
                .andExpect(status().isOk());
    }

    @Test
    void shouldStopTaggingADeletedPolicyFile() throws Exception {
        // Given a policy file that tags a post, on both instances
        String post = "CMHC says my FHSA deposit counts but the bank refuses it for the mortgage";
        perform(put("/api/policy-files/housing").contentType(MediaType.APPLICATION_JSON).content(HOUSING))
                .andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(classify(post).get("policyFile").asString()).isEqualTo("housing"));

        // When it is deleted on the other instance
        assertThat(call(otherClient, HttpMethod.DELETE, "/api/policy-files/housing", null).getStatusCode().value())
                .isEqualTo(204);

        // Then this instance no longer knows it nor tags with it
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            perform(get("/api/policy-files/housing")).andExpect(status().isNotFound());
            JsonNode result = classify(post);
            assertThat(result.get("policyFile").isNull() ? null : result.get("policyFile").asString())
                    .isNotEqualTo("housing");
        });
        perform(delete("/api/policy-files/housing"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void shouldRefuseAnInvalidDefinitionNamingEachFieldAndTheColumnOfAQueryError() throws Exception {
        // Given a definition with broken queries, a blank French name, a misplaced term language and a long example
        String invalid = """
                {"name": {"en": "Passports, again", "fr": " "},
                 "terms": {"en": ["passport"], "de": ["Reisepass"]},
                 "queries": {"en": "passport* NEAR/5 (line OR wait))", "fr": "passeport AND (attente OR file"},
                 "examples": ["%s"]}""".formatted("x".repeat(1_001));
        long before = registryRecords();

        // When / Then
        perform(put("/api/policy-files/passports-bis").contentType(MediaType.APPLICATION_JSON).content(invalid))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[?(@.field == 'queries.en')].message")
                        .value("unexpected ')' at column 32"))
                .andExpect(jsonPath("$.errors[?(@.field == 'queries.fr')].message")
                        .value("'(' is not closed at column 15"))
                .andExpect(jsonPath("$.errors[?(@.field == 'name.fr')].message").value("must not be blank"))
                .andExpect(jsonPath("$.errors[?(@.field == 'terms.de')].message").value("language must be en or fr"))
                .andExpect(jsonPath("$.errors[?(@.field == 'examples[0]')].message")
                        .value("at most 1000 characters, got 1001"));
        // a misspelt field, a wrong type, an id that is no id, an id that differs from the path
        perform(put("/api/policy-files/passports-bis").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": {\"en\": \"P\", \"fr\": \"P\"}, \"terms\": {\"en\": [\"p\"]}, \"querys\": {}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("querys"))
                .andExpect(jsonPath("$.errors[0].message").value("is not a field of a policy file"));
        perform(put("/api/policy-files/passports-bis").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": {\"en\": \"P\", \"fr\": \"P\"}, \"terms\": {\"en\": \"passport\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("terms.en"));
        perform(put("/api/policy-files/Passports_2").contentType(MediaType.APPLICATION_JSON).content(HOUSING))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("id"));
        perform(put("/api/policy-files/passports-bis").contentType(MediaType.APPLICATION_JSON).content(HOUSING))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.contains("id")));
        // and nothing was published
        assertThat(registryRecords()).isEqualTo(before);
        perform(get("/api/policy-files/passports-bis")).andExpect(status().isNotFound());
    }

    @Test
    void shouldKeepEditsAndDeletionsAcrossARestartFromTheTopic() throws Exception {
        // Given a shipped file edited, another deleted and a new one added
        JsonNode passports = json(perform(get("/api/policy-files/passports")).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        String edited = ((ObjectNode) passports).put("about", "Passports, edited by an analyst.").toString();
        perform(put("/api/policy-files/passports").contentType(MediaType.APPLICATION_JSON).content(edited))
                .andExpect(status().isOk());
        perform(delete("/api/policy-files/fisheries-oceans")).andExpect(status().isNoContent());
        perform(put("/api/policy-files/seasonal-work").contentType(MediaType.APPLICATION_JSON)
                        .content(HOUSING.replace("\"housing\"", "\"seasonal-work\"")))
                .andExpect(status().isCreated());

        // When the other instance restarts (its shipped registry has passports and fisheries-oceans unedited)
        other.close();
        startOther();

        // Then it becomes ready (registry read, model retrained) with what the topic says, not what it shipped
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ResponseEntity<String> readiness = call(otherClient, HttpMethod.GET, "/actuator/health/readiness", null);
            assertThat(readiness.getStatusCode().value()).isEqualTo(200);
            assertThat(json(readiness.getBody()).get("components").get("policyFiles").get("status").asString())
                    .isEqualTo("UP");
        });
        assertThat(json(call(otherClient, HttpMethod.GET, "/api/policy-files/passports", null).getBody())
                .get("about").asString()).isEqualTo("Passports, edited by an analyst.");
        assertThat(call(otherClient, HttpMethod.GET, "/api/policy-files/fisheries-oceans", null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(call(otherClient, HttpMethod.GET, "/api/policy-files/seasonal-work", null).getStatusCode().value())
                .isEqualTo(200);
    }

    private void startOther() {
        other = new SpringApplicationBuilder(ClassifierApplication.class).run("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--issuedesk.identity.key=" + IDENTITY_KEY);
        otherClient = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + other.getEnvironment().getProperty("local.server.port"))
                .requestInterceptor((request, body, execution) -> {
                    request.getHeaders().set(InternalToken.HEADER, adminToken());
                    return execution.execute(request, body);
                })
                .build();
    }

    private ResultActions perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(ADMIN));
    }

    private static String adminToken() {
        return TOKENS.mint("analyst@test", "api-key", List.of("admin"), List.of(), Duration.ofSeconds(60));
    }

    private JsonNode classify(String text) throws Exception {
        String response = perform(post("/api/classify").contentType(MediaType.APPLICATION_JSON).content(classifyBody(text)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json(response).get("results").get(0);
    }

    private JsonNode classifyOnOther(String text) {
        ResponseEntity<String> response = call(otherClient, HttpMethod.POST, "/api/classify", classifyBody(text));
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return json(response.getBody()).get("results").get(0);
    }

    private static String classifyBody(String text) {
        return EventJson.mapper().writeValueAsString(Map.of("posts", List.of(Map.of("id", "p", "text", text))));
    }

    private static ResponseEntity<String> call(RestClient client, HttpMethod method, String path, String body) {
        RestClient.RequestBodySpec request = client.method(method).uri(path).contentType(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.body(body);
        }
        return request.exchange((req, res) -> ResponseEntity.status(res.getStatusCode())
                .body(new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static JsonNode json(String text) {
        return EventJson.mapper().readTree(text);
    }

    /** How many records the registry topic holds (offsets, so compaction cannot blur it in a test). */
    private long registryRecords() throws Exception {
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            String topic = Topics.REGISTRY_POLICY_FILES.name();
            var partitions = client.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return client.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
