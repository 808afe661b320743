package org.issuedesk.classifier.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.issuedesk.contracts.Localized;
import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyFileValidationTest {

    @Test
    void shouldAcceptAWellFormedDefinition() {
        assertThat(PolicyFileValidation.problems(definition("student-loans", Map.of("en", "NSLSC AND repay*",
                "fr", "\"prêt étudiant\" NEAR/5 rembours*")))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "passeport AND (attente OR file  | '(' is not closed at column 15",
            "passport* NEAR/5 (line OR wait)) | unexpected ')' at column 32",
            "EI OR                            | the query ends where a term or '(' is expected at column 6",
            "EI NEAR/99 AE                    | at column 9",
            "`  `                             | the query is empty at column 1"})
    void shouldSayWhereAQueryIsWrongCountingColumnsFromOne(String query, String message) {
        List<FieldProblem> problems = PolicyFileValidation.problems(definition("passports", Map.of("fr", query)));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("queries.fr");
            assertThat(problem.message()).endsWith(message);
        });
    }

    @Test
    void shouldNameEveryFieldOutOfBounds() {
        // Given a definition with a bad id, a blank name, another language and sizes over the limits
        PolicyFileDefinition definition = new PolicyFileDefinition(1, "Bad Id", new Localized("x".repeat(201), " "),
                "a".repeat(1_001), Map.of("de", List.of("Reisepass"), "en", Collections.nCopies(501, "t")),
                Map.of("es", "pasaporte"), Collections.nCopies(301, "example"));

        // Then
        assertThat(PolicyFileValidation.problems(definition)).extracting(FieldProblem::field).containsExactlyInAnyOrder(
                "id", "name.en", "name.fr", "about", "terms.de", "terms.en", "queries.es", "examples");
        assertThat(PolicyFileValidation.problems(new PolicyFileDefinition(1, "p", new Localized("P", "P"), null,
                Map.of("en", List.of("ok", " ", "x".repeat(101))), Map.of(), List.of("", "fine"))))
                .extracting(FieldProblem::field).containsExactly("terms.en[1]", "terms.en[2]", "examples[0]");
    }

    @Test
    void shouldNeedTerms() {
        assertThat(PolicyFileValidation.problems(new PolicyFileDefinition(1, "p", new Localized("P", "P"), null, Map.of(),
                Map.of(), List.of()))).containsExactly(new FieldProblem("terms", "needs terms in en or fr"));
    }

    private static PolicyFileDefinition definition(String id, Map<String, String> queries) {
        return new PolicyFileDefinition(1, id, new Localized("Name", "Nom"), "About.",
                Map.of("en", List.of("term"), "fr", List.of("terme")), queries, List.of("An example post."));
    }
}
