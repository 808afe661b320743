package org.issuedesk.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issuedesk.contracts.EventJson;
import org.issuedesk.contracts.Topics;
import org.issuedesk.contracts.ingest.SocialPost;
import org.issuedesk.contracts.kafka.EventSerializer;

import tools.jackson.databind.JsonNode;

/** Hands posts to the system; the future completes with the {@code nanoTime} at which they were accepted. */
interface PostSender extends AutoCloseable {

    /** A post: its external id (the post id is {@code bench:<externalId>}) and its request JSON. */
    record Post(String externalId, String json) {
    }

    /** Completes when the system accepted all the posts, exceptionally when it refused them. */
    CompletableFuture<Long> send(List<Post> posts);

    @Override
    void close();

    /** Through the gateway: POST /api/posts (one post per request), or POST /api/posts/batch (a JSON array). */
    final class Http implements PostSender {

        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private final URI endpoint;
        private final boolean batch;
        private final String apiKey;

        Http(URI gateway, String apiKey, boolean batch) {
            this.endpoint = gateway.resolve(batch ? "/api/posts/batch" : "/api/posts");
            this.batch = batch;
            this.apiKey = apiKey;
        }

        @Override
        public CompletableFuture<Long> send(List<Post> posts) {
            if (!batch && posts.size() != 1) {
                throw new IllegalArgumentException("one post per request without the batch endpoint");
            }
            String body = batch ? "[" + String.join(",", posts.stream().map(Post::json).toList()) + "]"
                    : posts.get(0).json();
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-API-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                long now = System.nanoTime();
                if (response.statusCode() / 100 != 2) {
                    throw new Refused(response.statusCode(), response.body());
                }
                // a batch answers 200 with each post's outcome: "unavailable" ones must be sent again, so
                // the whole batch is (the accepted ones come back as duplicates, which is harmless)
                if (batch && unavailable(response.body()) > 0) {
                    throw new Refused(response.statusCode(), response.body());
                }
                return now;
            });
        }

        private static int unavailable(String body) {
            try {
                JsonNode answer = EventJson.mapper().readTree(body);
                return answer.path("unavailable").asInt(0) + answer.path("rejected").asInt(0);
            } catch (RuntimeException e) {
                return 0;
            }
        }

        @Override
        public void close() {
            // Java 17's HttpClient has no close; its threads are daemons
        }
    }

    /** Straight onto posts.raw, as the ingest service would write it (acks=all, idempotent). */
    final class Kafka implements PostSender {

        private final KafkaProducer<String, Object> producer;

        Kafka(String bootstrap) {
            producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.CLIENT_ID_CONFIG, "bench-posts-raw"),
                    new StringSerializer(), new EventSerializer());
        }

        @Override
        public CompletableFuture<Long> send(List<Post> posts) {
            List<CompletableFuture<Long>> acks = posts.stream().map(post -> {
                SocialPost event = toSocialPost(post.json());
                CompletableFuture<Long> ack = new CompletableFuture<>();
                producer.send(new ProducerRecord<>(Topics.POSTS_RAW.name(), event.id(), event), (metadata, error) -> {
                    if (error != null) {
                        ack.completeExceptionally(error);
                    } else {
                        ack.complete(System.nanoTime());
                    }
                });
                return ack;
            }).toList();
            return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .thenApply(done -> acks.stream().mapToLong(CompletableFuture::join).max().orElseThrow());
        }

        static SocialPost toSocialPost(String json) {
            JsonNode node = EventJson.mapper().readTree(json);
            String externalId = node.get("id").asString();
            String platform = node.get("platform").asString();
            return new SocialPost(SocialPost.SCHEMA_VERSION, SocialPost.idOf(platform, externalId), platform,
                    externalId, node.get("author").asString(), node.get("text").asString(),
                    Instant.parse(node.get("createdAt").asString()), node.get("lang").asString(), null,
                    List.of(), List.of(), List.of(), null, Instant.now());
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** The system answered with something other than 2xx. */
    final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String body) {
            super("HTTP " + status + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
            this.status = status;
        }
    }
}
