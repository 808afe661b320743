package org.issuedesk.classifier.classification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.issuedesk.contracts.classifier.IssueKind;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads labelled posts from JSON lines shaped like the dev set: {@code id}, {@code text}, {@code lang},
 * {@code policy_file} (an id or "none") and {@code issue_kind}. Blank lines are skipped.
 */
public final class LabelledPosts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LabelledPosts() {
    }

    public static List<LabelledPost> read(InputStream in) {
        List<LabelledPost> posts = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                String file = text(node, "policy_file");
                String kind = text(node, "issue_kind");
                posts.add(new LabelledPost(
                        node.has("id") ? text(node, "id") : "line-" + number,
                        text(node, "text"),
                        text(node, "lang"),
                        file == null || file.isBlank() || "none".equals(file) ? null : file,
                        kind == null ? null : IssueKind.fromId(kind).orElse(null)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return posts;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
