package org.issuedesk.routing.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.issuedesk.routing.TestRouting;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;

class TeamDirectoryTest {

    private static final String VALID = """
            format: 1
            teams:
              - id: benefits-horizontal
                name: {en: Benefits, fr: Prestations}
                members: [{handle: gordon.b, function: policy}, {handle: ravi.s, function: media-relations}]
                firstResponseSlaMinutes: 60
                owns: [employment-insurance]
              - id: triage
                name: {en: Triage, fr: Triage}
                members: [{handle: m.desk, function: communications}]
                firstResponseSlaMinutes: 30
                owns: []
            """;

    @Test
    void shouldLoadTheShippedTeamsWithEveryPolicyFileOfTheSampleRegistryOwnedOnce() {
        // Given the teams file shipped in the jar and an empty database
        // When the directory starts on it
        var directory = TestRouting.teams(TestRouting.h2());

        // Then the six teams of the sample registry are there, and each policy file has its owner
        assertThat(directory.all()).extracting(Team::id).containsExactly("benefits-horizontal",
                "travel-documents-horizontal", "tax-horizontal", "climate-horizontal", "workplace-horizontal", "triage");
        Map<String, String> owners = Map.of(
                "employment-insurance", "benefits-horizontal", "pensions", "benefits-horizontal",
                "passports", "travel-documents-horizontal", "immigration-visas", "travel-documents-horizontal",
                "tax-benefits", "tax-horizontal", "climate-carbon", "climate-horizontal",
                "fisheries-oceans", "climate-horizontal", "public-service-pay", "workplace-horizontal");
        owners.forEach((file, team) -> assertThat(directory.ownerOf(file)).map(Team::id).contains(team));
        assertThat(directory.all().stream().flatMap(t -> t.owns().stream()).collect(Collectors.toSet()))
                .isEqualTo(owners.keySet());
        Team benefits = directory.find("benefits-horizontal").orElseThrow();
        assertThat(benefits.name().fr()).isEqualTo("Équipe horizontale des prestations");
        assertThat(benefits.firstResponseSlaMinutes()).isEqualTo(60);
        assertThat(benefits.members()).contains(new Team.Member("ravi.s", MemberFunction.MEDIA_RELATIONS));
        assertThat(benefits.member("gordon.b")).hasValueSatisfying(gordon -> {
            assertThat(gordon.lead()).isTrue();
            assertThat(gordon.languages()).containsExactly("en", "fr");
            assertThat(gordon.availability()).isEqualTo(Availability.AVAILABLE);
            assertThat(gordon.capacity()).isEqualTo(Team.Member.DEFAULT_CAPACITY);
        });
        assertThat(benefits.assignment()).isEqualTo(AssignmentMode.CLAIM);
        assertThat(directory.triage().id()).isEqualTo("triage");
        assertThat(directory.ownerOf("no-such-file")).isEmpty();
    }

    @Test
    void shouldLoadAValidFile() {
        // Given / When
        List<Team> teams = TeamDirectory.load(resource(VALID), "test");

        // Then
        assertThat(teams).extracting(Team::id).containsExactly("benefits-horizontal", "triage");
    }

    @Test
    void shouldRejectAPolicyFileWithTwoOwners() {
        String twoOwners = VALID.replace("owns: []", "owns: [employment-insurance]");

        assertThatThrownBy(() -> TeamDirectory.load(resource(twoOwners), "test"))
                .hasMessageContaining("policy file employment-insurance is already owned by benefits-horizontal");
    }

    @Test
    void shouldRejectAFileWithoutTriage() {
        String noTriage = VALID.replace("id: triage", "id: desk");

        assertThatThrownBy(() -> TeamDirectory.load(resource(noTriage), "test"))
                .hasMessageContaining("a team with id triage must exist");
    }

    @Test
    void shouldRejectATypoAnInvalidIdAndAnUnknownFunction() {
        assertThatThrownBy(() -> TeamDirectory.load(resource(VALID.replace("owns: [employment", "own: [employment")), "test"))
                .hasMessageContaining("own");
        assertThatThrownBy(() -> TeamDirectory.load(resource(VALID.replace("id: benefits-horizontal", "id: Benefits Team")), "test"))
                .hasMessageContaining("teams[0]: id must be lower-case letters, digits and dashes");
        assertThatThrownBy(() -> TeamDirectory.load(resource(VALID.replace("function: policy", "function: lobbying")), "test"))
                .hasMessageContaining("lobbying");
        assertThatThrownBy(() -> TeamDirectory.load(resource(VALID.replace("firstResponseSlaMinutes: 60", "firstResponseSlaMinutes: 0")), "test"))
                .hasMessageContaining("teams[0]: firstResponseSlaMinutes must be between 1 and");
    }

    private static ByteArrayResource resource(String yaml) {
        return new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
