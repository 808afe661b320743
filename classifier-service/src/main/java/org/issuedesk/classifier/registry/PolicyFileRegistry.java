package org.issuedesk.classifier.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.issuedesk.classifier.ClassifierProperties;
import org.issuedesk.contracts.Localized;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The policy files the classifier knows. It starts with the shipped registry YAML at
 * {@code issuedesk.classifier.registry.location} (the seed), then {@link PolicyFileReloader} replaces
 * its contents with what the topic {@code registry.policy-files} holds, whole, each time that changes:
 * readers always see one consistent snapshot. A seed that cannot be read or is invalid stops the
 * start-up: a classifier without its definitions would tag every post as concerning no file.
 */
@Component
public class PolicyFileRegistry {

    private static final Logger log = LoggerFactory.getLogger(PolicyFileRegistry.class);

    // strict: an unknown key in an analyst's file is a typo, not something to ignore
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Contents seed;
    private final AtomicReference<Map<String, PolicyFileDefinition>> byId;

    /** What a registry file holds once validated. */
    public record Contents(Map<String, PolicyFileDefinition> byId, List<String> offTopicExamples) {
    }

    public PolicyFileRegistry(ClassifierProperties properties, ResourceLoader resources) {
        String location = properties.registry().location();
        this.seed = read(resources.getResource(location), location);
        this.byId = new AtomicReference<>(seed.byId());
        log.info("Loaded {} policy files from {}: {}", seed.byId().size(), location, seed.byId().keySet());
    }

    /** Every policy file: the seed's in its order, then the others by id. */
    public List<PolicyFileDefinition> all() {
        return List.copyOf(byId.get().values());
    }

    public Optional<PolicyFileDefinition> find(String id) {
        return Optional.ofNullable(byId.get().get(id));
    }

    /** Posts that concern no policy file although they share words with one: what "none" looks like. */
    public List<String> offTopicExamples() {
        return seed.offTopicExamples();
    }

    /** The definitions of the shipped YAML, in its order: what an empty topic is seeded with. */
    public List<PolicyFileDefinition> seed() {
        return List.copyOf(seed.byId().values());
    }

    /**
     * Swaps in other definitions at once (ordered like {@link #all()}).
     *
     * @return whether anything changed
     */
    boolean replace(Collection<PolicyFileDefinition> definitions) {
        Map<String, PolicyFileDefinition> next = new LinkedHashMap<>();
        seed.byId().keySet().forEach(id -> next.put(id, null));
        definitions.stream().sorted(Comparator.comparing(PolicyFileDefinition::id)).forEach(d -> next.put(d.id(), d));
        next.values().removeIf(Objects::isNull);
        Map<String, PolicyFileDefinition> previous = byId.getAndSet(Collections.unmodifiableMap(next));
        return !List.copyOf(previous.values()).equals(List.copyOf(next.values()));
    }

    static Map<String, PolicyFileDefinition> load(Resource resource, String location) {
        return read(resource, location).byId();
    }

    /** Reads and validates a registry file; an invalid one is an {@link IllegalStateException} naming every problem. */
    public static Contents read(Resource resource, String location) {
        RegistryFile file;
        try (InputStream in = resource.getInputStream()) {
            file = YAML.readValue(in, RegistryFile.class);
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("cannot read the policy-file registry at " + location + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        if (file == null || file.format() != RegistryFile.FORMAT) {
            problems.add("format must be " + RegistryFile.FORMAT);
        }
        Map<String, PolicyFileDefinition> definitions = new LinkedHashMap<>();
        List<RegistryFile.Entry> entries = file == null || file.policyFiles() == null ? List.of() : file.policyFiles();
        for (int i = 0; i < entries.size(); i++) {
            RegistryFile.Entry entry = entries.get(i);
            String where = "policy-files[" + i + "]";
            if (entry == null) {
                problems.add(where + ": empty entry");
                continue;
            }
            PolicyFileDefinition definition = toDefinition(entry);
            List<FieldProblem> entryProblems = PolicyFileValidation.problems(definition);
            if (!entryProblems.isEmpty()) {
                entryProblems.forEach(p -> problems.add(where + ": " + p.field() + ": " + p.message()));
            } else if (definitions.containsKey(entry.id())) {
                problems.add(where + ": duplicate id " + entry.id());
            } else {
                definitions.put(entry.id(), definition);
            }
        }
        if (entries.isEmpty()) {
            problems.add("policy-files is empty");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid policy-file registry at " + location + ": " + String.join("; ", problems));
        }
        List<String> offTopic = file.offTopicExamples() == null ? List.of()
                : file.offTopicExamples().stream().filter(e -> !isBlank(e)).toList();
        return new Contents(Collections.unmodifiableMap(definitions), offTopic);
    }

    private static PolicyFileDefinition toDefinition(RegistryFile.Entry entry) {
        // nulls (an empty YAML value) become blanks, which validation names, instead of failing the copy
        Map<String, List<String>> terms = new LinkedHashMap<>();
        if (entry.terms() != null) {
            entry.terms().forEach((language, list) -> terms.put(language, list == null ? List.of()
                    : list.stream().map(t -> t == null ? "" : t).toList()));
        }
        Map<String, String> queries = new LinkedHashMap<>();
        if (entry.queries() != null) {
            entry.queries().forEach((language, query) -> queries.put(language, query == null ? "" : query));
        }
        return new PolicyFileDefinition(PolicyFileDefinition.SCHEMA_VERSION, entry.id(),
                entry.name() == null ? null : new Localized(entry.name().en(), entry.name().fr()), entry.about(), terms,
                queries,
                entry.examples() == null ? List.of() : entry.examples().stream().filter(e -> !isBlank(e)).toList());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
