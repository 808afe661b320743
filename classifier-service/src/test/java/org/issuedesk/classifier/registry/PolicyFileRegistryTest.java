package org.issuedesk.classifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.issuedesk.classifier.ClassifierProperties;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

class PolicyFileRegistryTest {

    @TempDir
    Path folder;

    @Test
    void shouldLoadTheShippedSampleRegistry() {
        // Given the default location
        var properties = new ClassifierProperties(null, null, null);

        // When
        var registry = new PolicyFileRegistry(properties, new DefaultResourceLoader());

        // Then the eight sample files are there, in order, in the contract's shape
        assertThat(registry.all()).extracting(PolicyFileDefinition::id).containsExactly(
                "employment-insurance", "pensions", "passports", "immigration-visas", "tax-benefits",
                "climate-carbon", "fisheries-oceans", "public-service-pay");
        PolicyFileDefinition ei = registry.find("employment-insurance").orElseThrow();
        assertThat(ei.schemaVersion()).isEqualTo(PolicyFileDefinition.SCHEMA_VERSION);
        assertThat(ei.name().en()).isEqualTo("Employment Insurance");
        assertThat(ei.name().fr()).isEqualTo("Assurance-emploi");
        assertThat(ei.about()).startsWith("EI regular, sickness");
        assertThat(ei.terms().get("en")).contains("EI claim", "record of employment", "#EI");
        assertThat(ei.terms().get("fr")).contains("assurance-emploi", "relevé d'emploi");
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void shouldLoadARegistryFromAFileLocation() throws IOException {
        // Given a registry of one file elsewhere
        Path file = write("""
                format: 1
                policy-files:
                  - id: student-loans
                    name: {en: "Student loans", fr: "Prêts étudiants"}
                    about: "Canada Student Loans."
                    terms:
                      en: ["student loan"]
                      fr: ["prêt étudiant"]
                """);

        // When
        var registry = new PolicyFileRegistry(location(file), new DefaultResourceLoader());

        // Then
        assertThat(registry.all()).extracting(PolicyFileDefinition::id).containsExactly("student-loans");
    }

    @Test
    void shouldRefuseToStartWithAnInvalidRegistry() throws IOException {
        // Given duplicate ids, a bad id, a missing French name and an unsupported language
        Path file = write("""
                format: 1
                policy-files:
                  - id: passports
                    name: {en: "Passports", fr: "Passeports"}
                    terms: {en: ["passport"]}
                  - id: passports
                    name: {en: "Passports", fr: "Passeports"}
                    terms: {en: ["passport"]}
                  - id: Bad Id
                    name: {en: "Bad"}
                    terms: {de: ["Reisepass"]}
                """);

        // When / Then
        assertThatThrownBy(() -> new PolicyFileRegistry(location(file), new DefaultResourceLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policy-files[1]: duplicate id passports")
                .hasMessageContaining("policy-files[2]: id: must be 1 to 100 lower-case letters")
                .hasMessageContaining("policy-files[2]: name.fr: must not be blank")
                .hasMessageContaining("policy-files[2]: terms.de: language must be en or fr");
    }

    @Test
    void shouldPointAtTheErrorOfAnInvalidTopicQuery() throws IOException {
        // Given a French query whose parenthesis is not closed
        Path file = write("""
                format: 1
                policy-files:
                  - id: passports
                    name: {en: "Passports", fr: "Passeports"}
                    terms: {en: ["passport"]}
                    queries: {en: 'passport* NEAR/5 (line OR wait)', fr: 'passeport AND (attente OR file'}
                """);

        // When / Then
        assertThatThrownBy(() -> new PolicyFileRegistry(location(file), new DefaultResourceLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policy-files[0]: queries.fr: '(' is not closed at column 15");
    }

    @Test
    void shouldRefuseUnknownKeysAsTypos() throws IOException {
        // Given a misspelt key
        Path file = write("""
                format: 1
                policy-files:
                  - id: passports
                    name: {en: "Passports", fr: "Passeports"}
                    trems: {en: ["passport"]}
                """);

        // When / Then
        assertThatThrownBy(() -> new PolicyFileRegistry(location(file), new DefaultResourceLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read the policy-file registry")
                .hasMessageContaining("trems");
    }

    @Test
    void shouldSayWhereAMissingRegistryWasLookedFor() {
        // Given
        Path missing = folder.resolve("missing.yaml");

        // When / Then
        assertThatThrownBy(() -> new PolicyFileRegistry(location(missing), new DefaultResourceLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(folder.resolve("registry.yaml"), yaml);
    }

    private static ClassifierProperties location(Path file) {
        return new ClassifierProperties(new ClassifierProperties.Registry("file:" + file), null, null);
    }
}
