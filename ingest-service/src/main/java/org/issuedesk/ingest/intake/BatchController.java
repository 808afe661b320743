package org.issuedesk.ingest.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.issuedesk.ingest.intake.Intake.Item;
import org.issuedesk.ingest.intake.ItemOutcome.Status;
import org.issuedesk.support.identity.RequiresRole;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/posts/batch}: many posts at once, as a JSON array ({@code application/json}),
 * one JSON object per line ({@code application/x-ndjson}, so a JSONL export as it is) or a CSV export
 * with a header row ({@code text/csv}). Answers {@code 200} with one outcome per
 * post, in order; only the valid, new posts are published, all sent before any acknowledgement is
 * awaited. The batch as a whole is refused with problem+json when it is too large ({@code 413}) or
 * not a batch at all ({@code 400}), and with {@code 503} when no post of it could be stored.
 */
// posting is for tools and connectors holding the ingest role (or admins), as at the gateway
@RequiresRole("ingest")
@RestController
@RequestMapping("/api/posts")
public class BatchController {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    /** The answer to a batch: counts by status, then each post's outcome in order. */
    public record BatchAnswer(int accepted, int duplicate, int rejected, int unavailable, List<ItemOutcome> items) {

        static BatchAnswer of(List<ItemOutcome> items) {
            int[] n = new int[Status.values().length];
            items.forEach(i -> n[i.status().ordinal()]++);
            return new BatchAnswer(n[Status.accepted.ordinal()], n[Status.duplicate.ordinal()],
                    n[Status.rejected.ordinal()], n[Status.unavailable.ordinal()], items);
        }
    }

    private final Intake intake;
    private final PostPublisher publisher;
    private final JsonMapper json;
    private final BatchProperties limits;

    public BatchController(Intake intake, PostPublisher publisher, JsonMapper json, BatchProperties limits) {
        this.intake = intake;
        this.publisher = publisher;
        this.json = json;
        this.limits = limits;
    }

    @PostMapping(path = "/batch", consumes = {"application/json", NDJSON, CSV})
    public ResponseEntity<BatchAnswer> accept(HttpServletRequest request,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType) throws IOException {
        byte[] body = readLimited(request);
        String type = contentType.toLowerCase();
        List<Item> items = type.startsWith(NDJSON) ? parseLines(body) : type.startsWith(CSV) ? parseCsv(body) : parseArray(body);
        if (items.isEmpty()) {
            throw IntakeProblems.badBatch(HttpStatus.BAD_REQUEST, "Empty batch", "The batch holds no post.");
        }
        BatchAnswer answer = BatchAnswer.of(intake.take(items, IntakeMetrics.BATCH));
        if (answer.unavailable() > 0 && answer.accepted() == 0 && answer.duplicate() == 0) {
            throw new PublishUnavailableException(publisher.retryAfter(), (Throwable) null);
        }
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (answer.unavailable() > 0) {
            ok.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, publisher.retryAfter().toSeconds())));
        }
        return ok.body(answer);
    }

    /** The body, refused with 413 as soon as it is known to exceed the limit (never held whole). */
    private byte[] readLimited(HttpServletRequest request) throws IOException {
        long max = limits.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge("The request body is larger than " + max + " bytes.");
        }
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes((int) max + 1);
        if (body.length > max) {
            throw tooLarge("The request body is larger than " + max + " bytes.");
        }
        return body;
    }

    private List<Item> parseArray(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw IntakeProblems.badBatch(HttpStatus.BAD_REQUEST, "Invalid batch", "The batch is not valid JSON.");
        }
        if (root == null || !root.isArray()) {
            throw IntakeProblems.badBatch(HttpStatus.BAD_REQUEST, "Invalid batch",
                    "A JSON batch must be an array of posts; send one post to /api/posts.");
        }
        requireAtMostMaxItems(root.size());
        List<Item> items = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            items.add(item(i, root.get(i)));
        }
        return items;
    }

    /** NDJSON: one post per line; blank lines are skipped, an unreadable line is one rejected post. */
    private List<Item> parseLines(byte[] body) {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        List<String> posts = new ArrayList<>(lines.length);
        for (String line : lines) {
            if (!line.isBlank()) {
                posts.add(line);
            }
        }
        requireAtMostMaxItems(posts.size());
        List<Item> items = new ArrayList<>(posts.size());
        for (int i = 0; i < posts.size(); i++) {
            JsonNode node;
            try {
                node = json.readTree(posts.get(i));
            } catch (JacksonException e) {
                items.add(Item.unreadable(i, null, "not valid JSON"));
                continue;
            }
            items.add(item(i, node));
        }
        return items;
    }

    /**
     * CSV export: a header row names the columns (id, platform, author, text, createdAt or created_at,
     * lang, url; others are ignored), then one post per record. Empty cells count as missing.
     */
    private List<Item> parseCsv(byte[] body) {
        List<List<String>> records;
        try {
            records = CsvRecords.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw IntakeProblems.badBatch(HttpStatus.BAD_REQUEST, "Invalid batch", "The CSV is not valid: " + e.getMessage() + ".");
        }
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        requireAtMostMaxItems(records.size() - 1);
        List<Item> items = new ArrayList<>(records.size() - 1);
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.size() != header.size()) {
                items.add(Item.unreadable(i - 1, null,
                        "has " + record.size() + " fields where the header has " + header.size()));
                continue;
            }
            tools.jackson.databind.node.ObjectNode post = json.createObjectNode();
            for (int c = 0; c < header.size(); c++) {
                if (!record.get(c).isEmpty()) {
                    post.put(header.get(c), record.get(c));
                }
            }
            items.add(item(i - 1, post));
        }
        return items;
    }

    private Item item(int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            return Item.unreadable(index, null, "must be a JSON object");
        }
        try {
            return Item.parsed(index, json.treeToValue(node, PostRequest.class));
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getPropertyName();
            return Item.unreadable(index, field, "has a value of the wrong type or format");
        }
    }

    private void requireAtMostMaxItems(int count) {
        if (count > limits.maxItems()) {
            throw tooLarge("The batch holds " + count + " posts; at most " + limits.maxItems() + " are accepted at once.");
        }
    }

    private static RuntimeException tooLarge(String detail) {
        return IntakeProblems.badBatch(HttpStatus.CONTENT_TOO_LARGE, "Batch too large", detail);
    }
}
