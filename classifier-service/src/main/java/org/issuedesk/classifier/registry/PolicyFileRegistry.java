package org.issuedesk.classifier.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.issuedesk.classifier.ClassifierProperties;
import org.issuedesk.classifier.query.QuerySyntaxException;
import org.issuedesk.classifier.query.TopicQuery;
import org.issuedesk.contracts.Localized;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The policy files the classifier knows, read once at start-up from the registry YAML at
 * {@code issuedesk.classifier.registry.location}. A registry that cannot be read or is invalid stops
 * the start-up: a classifier without its definitions would tag every post as concerning no file.
 */
@Component
public class PolicyFileRegistry {

    private static final Logger log = LoggerFactory.getLogger(PolicyFileRegistry.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Set<String> LANGUAGES = Set.of("en", "fr");

    // strict: an unknown key in an analyst's file is a typo, not something to ignore
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, PolicyFileDefinition> byId;
    private final List<String> offTopicExamples;

    /** What a registry file holds once validated. */
    public record Contents(Map<String, PolicyFileDefinition> byId, List<String> offTopicExamples) {
    }

    public PolicyFileRegistry(ClassifierProperties properties, ResourceLoader resources) {
        String location = properties.registry().location();
        Contents contents = read(resources.getResource(location), location);
        this.byId = contents.byId();
        this.offTopicExamples = contents.offTopicExamples();
        log.info("Loaded {} policy files from {}: {}", byId.size(), location, byId.keySet());
    }

    /** Every policy file, in registry order. */
    public List<PolicyFileDefinition> all() {
        return List.copyOf(byId.values());
    }

    public Optional<PolicyFileDefinition> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Posts that concern no policy file although they share words with one: what "none" looks like. */
    public List<String> offTopicExamples() {
        return offTopicExamples;
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
            List<String> entryProblems = validate(entry);
            if (!entryProblems.isEmpty()) {
                entryProblems.forEach(p -> problems.add(where + ": " + p));
            } else if (definitions.containsKey(entry.id())) {
                problems.add(where + ": duplicate id " + entry.id());
            } else {
                definitions.put(entry.id(), toDefinition(entry));
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

    private static List<String> validate(RegistryFile.Entry entry) {
        List<String> problems = new ArrayList<>();
        if (entry == null) {
            return List.of("empty entry");
        }
        if (entry.id() == null || !ID.matcher(entry.id()).matches()) {
            problems.add("id must be lower-case letters, digits and dashes: " + entry.id());
        }
        if (entry.name() == null || isBlank(entry.name().en()) || isBlank(entry.name().fr())) {
            problems.add("name needs en and fr");
        }
        if (entry.terms() == null || entry.terms().isEmpty()) {
            problems.add("terms are missing");
        } else {
            entry.terms().forEach((language, terms) -> {
                if (!LANGUAGES.contains(language)) {
                    problems.add("terms language must be en or fr: " + language);
                }
                if (terms == null || terms.isEmpty() || terms.stream().anyMatch(PolicyFileRegistry::isBlank)) {
                    problems.add("terms." + language + " must be a list of non-blank terms");
                }
            });
        }
        if (entry.queries() != null) {
            entry.queries().forEach((language, query) -> {
                if (!LANGUAGES.contains(language)) {
                    problems.add("queries language must be en or fr: " + language);
                }
                try {
                    TopicQuery.parse(query);
                } catch (QuerySyntaxException e) {
                    problems.add("queries." + language + ": " + e.getMessage());
                }
            });
        }
        return problems;
    }

    private static PolicyFileDefinition toDefinition(RegistryFile.Entry entry) {
        return new PolicyFileDefinition(PolicyFileDefinition.SCHEMA_VERSION, entry.id(),
                new Localized(entry.name().en(), entry.name().fr()), entry.about(), entry.terms(),
                entry.queries() == null ? Map.of() : entry.queries(),
                entry.examples() == null ? List.of() : entry.examples().stream().filter(e -> !isBlank(e)).toList());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
