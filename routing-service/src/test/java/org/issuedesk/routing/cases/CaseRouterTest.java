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
        assertThat(routing.reason()).contains("journalist (author @CBCNews): first acting media-relations, priority raised to high");
    }

    @Test
    void shouldRaiseThePriorityOfAnOldPostAndAskForFrenchForAFrenchPost() {
        // Given a French question created two days before it is routed
        ClassifiedPost classified = ClassifiedPosts.by("@quelqu.un", "pensions", IssueKind.QUESTION, "fr");

        // When
        CaseRouter.Routing routing = router.route(classified, ClassifiedPosts.CREATED_AT.plus(Duration.ofDays(2)));

        // Then
        assertThat(routing.priority()).isEqualTo(Priority.HIGH);
        assertThat(routing.reason()).contains("old post (post is 2 days old): priority raised to high", "French post: a member who works in French");
    }

    @Test
    void shouldSendAHighReachAuthorsPostToMediaRelationsAndSayHowManyFollowers() {
        // Given a complaint by an account with 25,000 followers that is on no journalist list
        ClassifiedPost classified = ClassifiedPosts.by("@someone", 25_000L, "employment-insurance", IssueKind.COMPLAINT, "en");

        // When
        CaseRouter.Routing routing = router.route(classified);

        // Then
        assertThat(routing.functions()).containsExactly(MemberFunction.MEDIA_RELATIONS);
        assertThat(routing.priority()).isEqualTo(Priority.HIGH);
        assertThat(routing.reason()).isEqualTo("owned by benefits-horizontal (policy file employment-insurance); "
                + "high-reach author (author has 25,000 followers): first acting media-relations, priority raised to high");
    }

    @ParameterizedTest(name = "{0} followers")
    @CsvSource(value = {"NULL", "0", "9999"}, nullValues = "NULL")
    void shouldLeaveAPostBelowTheReachThresholdOrWithAnUnknownCountToItsKind(Long followers) {
        ClassifiedPost classified = ClassifiedPosts.by("@someone", followers, "employment-insurance", IssueKind.COMPLAINT, "en");

        CaseRouter.Routing routing = router.route(classified);

        assertThat(routing.functions()).containsExactly(MemberFunction.COMMUNICATIONS);
        assertThat(routing.priority()).isEqualTo(Priority.NORMAL);
        assertThat(routing.reason()).doesNotContain("high-reach");
    }

    @Test
    void shouldAddUpKindReachAndAgeIntoThePriority() {
        // Given a question (normal) by a journalist's account (+1) with 10,000 followers (+1), two days old (+1)
        ClassifiedPost classified = ClassifiedPosts.by("@LaPresse", 10_000L, "pensions", IssueKind.QUESTION, "en");

        // When
        CaseRouter.Routing routing = router.route(classified, ClassifiedPosts.CREATED_AT.plus(Duration.ofHours(30)));

        // Then urgent is the ceiling, and every step says why
        assertThat(routing.priority()).isEqualTo(Priority.URGENT);
        assertThat(routing.functions()).containsExactly(MemberFunction.MEDIA_RELATIONS);
        assertThat(routing.reason()).contains(
                "journalist (author @LaPresse): first acting media-relations, priority raised to high",
                "high-reach author (author has 10,000 followers): priority raised to urgent",
                "old post (post is 30 h old): priority raised to urgent");
    }

    @Test
    void shouldNotMatchTheOldPostRuleWhenTheRoutingTimeIsUnknown() {
        ClassifiedPost classified = ClassifiedPosts.by("@someone", "pensions", IssueKind.PRAISE, "en");

        assertThat(router.route(classified).priority()).isEqualTo(Priority.LOW);
    }
}
