package org.issuedesk.classifier.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.issuedesk.classifier.registry.PolicyFilePublisher.Origin;
import org.issuedesk.classifier.registry.PolicyFilePublisher.RegistryUnavailableException;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * {@code GET/PUT/DELETE /api/policy-files[/{id}]}. A PUT or DELETE is published to
 * {@code registry.policy-files} and answered once the broker has it and this instance applied it; every
 * other instance applies it within moments ({@link PolicyFileReloader}). Who may write is decided before
 * a request gets here (the gateway lets admins only).
 */
@RestController
@RequestMapping("/api/policy-files")
public class PolicyFileController {

    private static final Logger log = LoggerFactory.getLogger(PolicyFileController.class);
    /** Well under Kafka's default 1 MB record limit. */
    static final int MAX_BYTES = 900_000;
    private static final Duration APPLY_WAIT = Duration.ofSeconds(10);
    // strict, unlike event reading: a misspelt key in an analyst's PUT would silently drop what it holds
    private static final ObjectReader INPUT = EventJson.mapper().readerFor(PolicyFileInput.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final PolicyFileRegistry registry;
    private final PolicyFilePublisher publisher;
    private final PolicyFileReloader reloader;

    public PolicyFileController(PolicyFileRegistry registry, PolicyFilePublisher publisher, PolicyFileReloader reloader) {
        this.registry = registry;
        this.publisher = publisher;
        this.reloader = reloader;
    }

    @GetMapping
    public List<PolicyFileDefinition> all() {
        return registry.all();
    }

    @GetMapping("/{id}")
    public PolicyFileDefinition one(@PathVariable String id) {
        return registry.find(id).orElseThrow(() -> notFound(id));
    }

    /** Creates (201) or replaces (200) a policy file. */
    @PutMapping("/{id}")
    public ResponseEntity<PolicyFileDefinition> put(@PathVariable String id, @RequestBody JsonNode body) {
        PolicyFileDefinition definition = validated(id, body);
        boolean existed = registry.find(id).isPresent();
        RecordMetadata written = publish(() -> publisher.publish(definition, Origin.API));
        awaitApplied(id, written);
        log.info("Policy file {} {}", id, existed ? "replaced" : "created");
        return existed ? ResponseEntity.ok(definition)
                : ResponseEntity.created(URI.create("/api/policy-files/" + id)).body(definition);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        if (registry.find(id).isEmpty()) {
            throw notFound(id);
        }
        RecordMetadata written = publish(() -> publisher.delete(id));
        awaitApplied(id, written);
        log.info("Policy file {} deleted", id);
        return ResponseEntity.noContent().build();
    }

    private PolicyFileDefinition validated(String id, JsonNode body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!PolicyFileValidation.ID.matcher(id).matches()) {
            throw invalid(List.of(new FieldProblem("id", "must be 1 to 100 lower-case letters, digits and dashes, "
                    + "starting with a letter or digit")));
        }
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new FieldProblem("body", "must be a JSON object")));
        }
        PolicyFileInput input;
        try {
            input = INPUT.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(List.of(new FieldProblem(path(e), "is not a field of a policy file")));
        } catch (JacksonException e) {
            throw invalid(List.of(new FieldProblem(path(e), "has the wrong type or format")));
        }
        if (input.id() != null && !input.id().equals(id)) {
            problems.add(new FieldProblem("id", "must be the id of the path, " + id));
        }
        if (input.schemaVersion() != null && input.schemaVersion() != PolicyFileDefinition.SCHEMA_VERSION) {
            problems.add(new FieldProblem("schemaVersion", "must be " + PolicyFileDefinition.SCHEMA_VERSION));
        }
        PolicyFileDefinition definition = input.toDefinition(id);
        problems.addAll(PolicyFileValidation.problems(definition));
        if (problems.isEmpty()) {
            int bytes = EventJson.mapper().writeValueAsBytes(definition).length;
            if (bytes > MAX_BYTES) {
                problems.add(new FieldProblem("examples", "the definition is " + bytes + " bytes, at most " + MAX_BYTES));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return definition;
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static RecordMetadata publish(java.util.function.Supplier<RecordMetadata> send) {
        try {
            return send.get();
        } catch (RegistryUnavailableException e) {
            log.warn("Policy-file change not published: {}", e.getMessage());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The policy-file registry could not store the change; nothing was changed. Try again later.");
            problem.setTitle("Registry unavailable");
            ErrorResponseException unavailable = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, e);
            unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            throw unavailable;
        }
    }

    private void awaitApplied(String id, RecordMetadata written) {
        if (!reloader.awaitApplied(written, APPLY_WAIT)) {
            // the broker has it, so it is done; this instance will catch up
            log.warn("Policy file {} is stored but not yet applied here after {} s", id, APPLY_WAIT.toSeconds());
        }
    }

    private static ErrorResponseException invalid(List<FieldProblem> errors) {
        String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Invalid policy file: " + fields);
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", errors));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    private static ErrorResponseException notFound(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No policy file with id '"
                + (id.length() > 100 ? id.substring(0, 100) + "…" : id) + "'.");
        problem.setTitle("Policy file not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
