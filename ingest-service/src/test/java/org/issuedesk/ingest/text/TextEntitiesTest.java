package org.issuedesk.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextEntitiesTest {

    @Test
    void shouldFindNothingInPlainText() {
        // Given the post of issue 2
        String text = "Still no news on my EI claim after 6 weeks";

        // When
        TextEntities entities = TextEntities.of(text);

        // Then
        assertThat(entities.hashtags()).isEmpty();
        assertThat(entities.mentions()).isEmpty();
        assertThat(entities.links()).isEmpty();
    }

    @Test
    void shouldFindNothingInEmptyOrMissingText() {
        assertThat(TextEntities.of("")).isEqualTo(TextEntities.of(null));
        assertThat(TextEntities.of(null).hashtags()).isEmpty();
    }

    @Test
    void shouldExtractEachKindInOrderOfAppearance() {
        // Given
        String text = "@ServiceCanada_E my #EI claim is stuck, see https://www.canada.ca/en/services/benefits/ei.html "
                + "#RoE #impôts cc @alice.bsky.social and @bob@mastodon.social http://example.org/a";

        // When
        TextEntities entities = TextEntities.of(text);

        // Then
        assertThat(entities.hashtags()).containsExactly("EI", "RoE", "impôts");
        assertThat(entities.mentions()).containsExactly("ServiceCanada_E", "alice.bsky.social", "bob@mastodon.social");
        assertThat(entities.links()).containsExactly("https://www.canada.ca/en/services/benefits/ei.html",
                "http://example.org/a");
    }

    @Test
    void shouldDropRepeatsKeepingTheFirstSpelling() {
        // Given tags and accounts that differ only by case, and the same link twice
        String text = "#EI #ei #Ei @Alice @alice https://x.org/A https://x.org/A https://x.org/a";

        // When
        TextEntities entities = TextEntities.of(text);

        // Then link paths are case-sensitive, tags and accounts are not
        assertThat(entities.hashtags()).containsExactly("EI");
        assertThat(entities.mentions()).containsExactly("Alice");
        assertThat(entities.links()).containsExactly("https://x.org/A", "https://x.org/a");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "see https://canada.ca/ei.             | https://canada.ca/ei",
            "(see https://canada.ca/ei)            | https://canada.ca/ei",
            "https://canada.ca/ei, then            | https://canada.ca/ei",
            "‘https://canada.ca/ei?’               | https://canada.ca/ei",
            "https://canada.ca/ei))))              | https://canada.ca/ei",
            "https://en.wikipedia.org/wiki/EI_(CA) | https://en.wikipedia.org/wiki/EI_(CA)",
            "<https://canada.ca/ei>                | https://canada.ca/ei",
            "HTTPS://Canada.ca/EI!                 | HTTPS://Canada.ca/EI",
            "https://canada.ca/ei?q=1&r=2#top…     | https://canada.ca/ei?q=1&r=2#top",
            "« https://canada.ca/fr/ae »           | https://canada.ca/fr/ae",
    })
    void shouldTrimPunctuationThatEndsTheSentenceNotTheLink(String text, String link) {
        assertThat(TextEntities.of(text).links()).containsExactly(link);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "https://",
            "https://.",
            "ftp://files.example.org/x",
            "xhttps://example.org",
            "example.org/page",
    })
    void shouldNotTakeForLinks(String text) {
        assertThat(TextEntities.of(text).links()).isEmpty();
    }

    @Test
    void shouldIgnoreHashesAndAtsInsideLinks() {
        // Given a Mastodon profile link and a page anchor
        String text = "https://mastodon.social/@alice/1234 https://canada.ca/ei#eligibility https://x.org/#/route";

        // When
        TextEntities entities = TextEntities.of(text);

        // Then
        assertThat(entities.mentions()).isEmpty();
        assertThat(entities.hashtags()).isEmpty();
        assertThat(entities.links()).hasSize(3);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "#EI                     | EI",
            "#EI's backlog           | EI",
            "#EI, #CRA.              | EI;CRA",
            "(#EI)                   | EI",
            "#2026budget             | 2026budget",
            "#assurance_emploi       | assurance_emploi",
            "#assurance-emploi       | assurance",
            "#Québec                 | Québec",
            "#日本                    | 日本",
            "said:#EI                | EI",
    })
    void shouldExtractHashtags(String text, String expected) {
        assertThat(TextEntities.of(text).hashtags()).containsExactly(expected.split(";"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "#1",
            "issue#42",
            "it&#39;s",
            "C#",
            "##",
            "# EI",
            "#_",
    })
    void shouldNotTakeForHashtags(String text) {
        assertThat(TextEntities.of(text).hashtags()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "@someone                     | someone",
            "thanks @someone.             | someone",
            "@someone's reply             | someone",
            "@ServiceCanada_F, merci      | ServiceCanada_F",
            "@alice.bsky.social           | alice.bsky.social",
            "@bob@mastodon.social!        | bob@mastodon.social",
            "@bob@mastodon                | bob",
            "(@someone)                   | someone",
            "@élodie                      | élodie",
    })
    void shouldExtractMentions(String text, String expected) {
        assertThat(TextEntities.of(text).mentions()).containsExactly(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "write to me@example.org",
            "@",
            "@ alone",
            "@.hidden",
            "meet me @ 5",
    })
    void shouldNotTakeForMentions(String text) {
        assertThat(TextEntities.of(text).mentions()).isEmpty();
    }

    @Test
    @Timeout(5)
    void shouldStayFastOnHostileText() {
        // Given text made to make regular expressions backtrack, as long as the intake allows
        String text = ("@a.-.-.-" + "#".repeat(20) + " https://x" + ")".repeat(20) + " ").repeat(10_000 / 50);

        // When
        long started = System.nanoTime();
        TextEntities entities = TextEntities.of(text);

        // Then
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(entities.mentions()).containsExactly("a");
        assertThat(entities.links()).containsExactly("https://x");
    }

    @Test
    void shouldReturnImmutableLists() {
        TextEntities entities = TextEntities.of("#EI");
        assertThatThrownBy(() -> entities.hashtags().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
