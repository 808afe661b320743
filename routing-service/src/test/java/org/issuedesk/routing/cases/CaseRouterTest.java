package org.issuedesk.routing.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.issuedesk.contracts.classifier.ClassifiedPost;
import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.TestRouting;
import org.issuedesk.routing.teams.MemberFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseRouterTest {

    private final CaseRouter router = new CaseRouter(TestRouting.teams(TestRouting.h2()),
            new RoutingRules(TestRouting.properties()));

    @Test
    void shouldRouteAnOwnedPolicyFileToItsOwnerAndSayWhy() {
        // When
        CaseRouter.Routing routing = router.route(ClassifiedPosts.about("employment-insurance", IssueKind.COMPLAINT));

        // Then
        assertThat(routing.team().id()).isEqualTo("benefits-horizontal");
        assertThat(routing.reason())
                .isEqualTo("owned by benefits-horizontal (policy file employment-insurance); complaint: first acting communications");
        assertThat(routing.functions()).containsExactly(MemberFunction.COMMUNICATIONS);
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
        assertThat(routing.reason()).isEqualTo("policy file space-program has no owning team → triage; question: first acting web-communications");
    }

    @ParameterizedTest
    @CsvSource({"MISINFORMATION, HIGH", "COMPLAINT, NORMAL", "QUESTION, NORMAL", "PRAISE, LOW", "OTHER, LOW"})
    void shouldSetThePriorityFromTheIssueKind(IssueKind kind, Priority expected) {
        assertThat(router.route(ClassifiedPosts.about("passports", kind)).priority()).isEqualTo(expected);
    }

    @Test
    void shouldSendMisinformationToPolicyAndCommunicationsFirst() {
        CaseRouter.Routing routing = router.route(ClassifiedPosts.about("passports", IssueKind.MISINFORMATION));

        assertThat(routing.functions()).containsExactly(MemberFunction.POLICY, MemberFunction.COMMUNICATIONS);
        assertThat(routing.reason()).contains("misinformation: first acting policy + communications");
    }

    @Test
    void shouldSendAJournalistsPostToMediaRelationsWithAHigherPriority() {
        // Given a complaint by a journalist's account
        ClassifiedPost classified = ClassifiedPosts.by("@CBCNews", "employment-insurance", IssueKind.COMPLAINT, "en");

        // When
        CaseRouter.Routing routing = router.route(classified);

        // Then media relations act first (the first rule that names functions wins) and the priority is raised
        assertThat(routing.functions()).containsExactly(MemberFunction.MEDIA_RELATIONS);
        assertThat(routing.priority()).isEqualTo(Priority.HIGH);
        assertThat(routing.reason()).contains("journalist or high-reach author: first acting media-relations, priority raised to high");
    }

    @Test
    void shouldRaiseThePriorityOfAnOldPostAndAskForFrenchForAFrenchPost() {
        // Given a French question created two days before it is routed
        ClassifiedPost classified = ClassifiedPosts.by("@quelqu.un", "pensions", IssueKind.QUESTION, "fr");

        // When
        CaseRouter.Routing routing = router.route(classified, ClassifiedPosts.CREATED_AT.plus(Duration.ofDays(2)));

        // Then
        assertThat(routing.priority()).isEqualTo(Priority.HIGH);
        assertThat(routing.reason()).contains("old post: priority raised to high", "French post: a member who works in French");
    }
}
