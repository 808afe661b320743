package org.issuedesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.ingest.SocialPost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

class PostTextsTest {

    @Test
    void shouldWriteValidEnglishAndFrenchPostsWithTheBenchPlatform() {
        // Given
        PostTexts texts = new PostTexts(List.of(), 7);

        // When
        List<JsonNode> posts = IntStream.range(0, 300)
                .mapToObj(i -> EventJson.mapper().readTree(texts.nextPostJson("r-" + i))).toList();

        // Then: both languages, every field POST /api/posts requires
        assertThat(posts).extracting(p -> p.get("lang").asString()).contains("en", "fr");
        assertThat(posts).allSatisfy(p -> {
            assertThat(p.get("platform").asString()).isEqualTo("bench");
            assertThat(p.get("text").asString()).isNotBlank();
            assertThat(p.get("author").asString()).startsWith("@");
            assertThat(p.get("createdAt").asString()).isNotBlank();
        });
        SocialPost event = PostSender.Kafka.toSocialPost(texts.nextPostJson("r-x"));
        assertThat(event.id()).isEqualTo(PostTexts.postId("r-x")).isEqualTo("bench:r-x");
        assertThat(event.receivedAt()).isNotNull();
    }

    @Test
    void shouldMixInSeedTextsFromAJsonLinesFile(@TempDir Path dir) throws Exception {
        // Given
        Path seeds = dir.resolve("posts.jsonl");
        Files.writeString(seeds, """
                {"id":"d-1","text":"Seed text about passports, unique marker 9f2"}

                {"id":"d-2","text":"Un deuxième texte sur l'assurance-emploi"}
                """);

        // When
        PostTexts texts = new PostTexts(PostTexts.readSeeds(seeds), 1);
        List<String> sent = IntStream.range(0, 200)
                .mapToObj(i -> EventJson.mapper().readTree(texts.nextPostJson("s-" + i)).get("text").asString()).toList();

        // Then
        assertThat(PostTexts.readSeeds(seeds)).hasSize(2);
        assertThat(sent).contains("Seed text about passports, unique marker 9f2");
    }
}
