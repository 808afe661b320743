package org.issuedesk.classifier.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicQueryTest {

    @Test
    void shouldCombineOrAndNotWithPhrasesAndWildcards() {
        // Given
        TopicQuery query = TopicQuery.parse("(EI OR \"employment insurance\" OR pogey) AND (claim* OR report*) NOT \"Phoenix Suns\"");

        // Then
        assertThat(query.matches("My EI claim is stuck")).isTrue();
        assertThat(query.matches("On pogey and the biweekly reports say under review")).isTrue();
        assertThat(query.matches("Employment Insurance: where is my claim?")).isTrue();
        assertThat(query.matches("EI is fine")).isFalse();
        assertThat(query.matches("EI claim, Phoenix Suns won")).isFalse();
    }

    @Test
    void shouldMatchFrenchWithAccentsElisionsAndNear() {
        // Given
        TopicQuery query = TopicQuery.parse("(passeport* OR \"bureau des passeports\") NEAR/5 (attente OR file) OR #passeport");

        // Then
        assertThat(query.matches("Trois heures d'attente au bureau des passeports de Laval")).isTrue();
        assertThat(query.matches("Mon passeport: la file était immense")).isTrue();
        assertThat(query.matches("Passeport reçu. Plus tard, bien plus tard, très longtemps après, une file au cinéma")).isFalse();
        assertThat(query.matches("Enfin! #Passeport")).isTrue();
        assertThat(TopicQuery.parse("assurance-emploi").matches("J'ai demandé l'Assurance-Emploi hier")).isTrue();
    }

    @Test
    void shouldMatchMentionsAsWholeNames() {
        TopicQuery query = TopicQuery.parse("@ServiceCanada_E AND ROE");

        assertThat(query.matches("@servicecanada_e where is my ROE")).isTrue();
        assertThat(query.matches("@ServiceCanada_EN where is my ROE")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', commentCharacter = ';', value = {
            "(EI OR AE            | 0  | '(' is not closed",
            "EI OR                | 5  | the query ends",
            "EI AND ) AE          | 7  | expected a term",
            "\"employment insurance | 0 | not closed",
            "EI NEAR/ AE          | 7  | NEAR needs a distance",
            "EI NEAR/99 AE        | 8  | must be 1 to 50",
            "EI & AE              | 3  | unexpected character '&'",
            "EI ) AE              | 3  | unexpected ')'",
            "# AE                 | 0  | must be followed by a name",
            "a* OR EI             | 0  | at least two letters"})
    void shouldPointAtTheErrorOfAnInvalidQuery(String query, int position, String message) {
        assertThatThrownBy(() -> TopicQuery.parse(query.strip()))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((QuerySyntaxException) e).position()).isEqualTo(position));
    }

    @Test
    void shouldRefuseAnEmptyOrHugeQuery() {
        assertThatThrownBy(() -> TopicQuery.parse(" ")).isInstanceOf(QuerySyntaxException.class);
        assertThatThrownBy(() -> TopicQuery.parse("(".repeat(150) + "EI" + ")".repeat(150)))
                .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("nested");
        assertThatThrownBy(() -> TopicQuery.parse("EI ".repeat(2_000))).isInstanceOf(QuerySyntaxException.class);
    }
}
