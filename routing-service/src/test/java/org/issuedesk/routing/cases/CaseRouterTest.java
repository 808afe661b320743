package org.issuedesk.routing.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.RoutingProperties;
import org.issuedesk.routing.teams.TeamDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;

class CaseRouterTest {

    private final CaseRouter router = new CaseRouter(new TeamDirectory(new RoutingProperties(null), new DefaultResourceLoader()));

    @Test
    void shouldRouteAnOwnedPolicyFileToItsOwnerAndSayWhy() {
        // When
        CaseRouter.Routing routing = router.route(ClassifiedPosts.about("employment-insurance", IssueKind.COMPLAINT));

        // Then
        assertThat(routing.team().id()).isEqualTo("benefits-horizontal");
        assertThat(routing.reason()).isEqualTo("owned by benefits-horizontal (policy file employment-insurance)");
        assertThat(routing.priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void shouldRouteAPostWithoutPolicyFileToTriage() {
        CaseRouter.Routing routing = router.route(ClassifiedPosts.about(null, IssueKind.OTHER));

        assertThat(routing.team().id()).isEqualTo("triage");
        assertThat(routing.reason()).isEqualTo("no policy file → triage");
    }

    @Test
    void shouldRouteAPolicyFileThatNoTeamOwnsToTriage() {
        CaseRouter.Routing routing = router.route(ClassifiedPosts.about("space-program", IssueKind.QUESTION));

        assertThat(routing.team().id()).isEqualTo("triage");
        assertThat(routing.reason()).isEqualTo("policy file space-program has no owning team → triage");
    }

    @ParameterizedTest
    @CsvSource({"MISINFORMATION, HIGH", "COMPLAINT, NORMAL", "QUESTION, NORMAL", "PRAISE, LOW", "OTHER, LOW"})
    void shouldSetThePriorityFromTheIssueKind(IssueKind kind, Priority expected) {
        assertThat(router.route(ClassifiedPosts.about("passports", kind)).priority()).isEqualTo(expected);
    }
}
