package org.issuedesk.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.issuedesk.testsupport.TestIdentity;

/**
 * A fuzzer of the HTTP API: malformed and hostile bodies, headers, paths and query strings, generated
 * from a seed (so a failure can be replayed), sent to every endpoint. It records every answer that
 * breaks the rules: a 5xx, or an error (4xx) with a body that is not problem+json.
 */
final class HostileRequests {

    /** Every endpoint of the API, with {id} where an identifier goes. */
    static final List<String[]> ENDPOINTS = List.of(
            new String[] {"POST", "/api/posts"},
            new String[] {"POST", "/api/posts/batch"},
            new String[] {"POST", "/api/classify"},
            new String[] {"GET", "/api/policy-files"},
            new String[] {"GET", "/api/policy-files/{id}"},
            new String[] {"GET", "/api/teams"},
            new String[] {"GET", "/api/teams/{id}"},
            new String[] {"PUT", "/api/teams/{id}"},
            new String[] {"DELETE", "/api/teams/{id}"},
            new String[] {"GET", "/api/teams/{id}/cases"},
            new String[] {"GET", "/api/cases/{id}"},
            new String[] {"POST", "/api/cases/{id}/claim"},
            new String[] {"POST", "/api/cases/{id}/respond"},
            new String[] {"POST", "/api/cases/{id}/approve"},
            new String[] {"POST", "/api/cases/{id}/resolve"},
            new String[] {"POST", "/api/cases/{id}/reroute"},
            new String[] {"POST", "/api/cases/{id}/notes"});

    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/x-ndjson",
            "text/plain", "application/xml", "multipart/form-data; boundary=zz", "application/json; charset=ISO-8859-1",
            "application/problem+json", "*/*", "application/x-www-form-urlencoded", "garbage", ""};
    private static final String[] ACCEPTS = {"application/json", "*/*", "application/problem+json", "text/html",
            "application/xml", "image/png", "garbage;;q=x", "application/json;q=0"};
    private static final String[] IDS = {"..%2F..%2Fetc%2Fpasswd", "%00", "%25", "a%20b", "%E2%80%AE%E2%80%AE",
            "'%20OR%201=1--", "%3Cscript%3E", "-1", "0", "99999999999999999999", "null", "undefined",
            "00000000-0000-0000-0000-000000000000", "benefits-horizontal%3F", "%F0%9F%92%A9", "x".repeat(3000),
            "%C0%AF", "%2e%2e", "team%2Fx", "UPPER", "%7B%7D"};
    private static final String[] QUERIES = {"", "?size=-1", "?size=abc", "?size=99999999999999", "?page=-3",
            "?page=1e9", "?status=%3Cscript%3E", "?status=open&status=closed", "?sort=;drop", "?size=", "?=&&=",
            "?%00=%00", "?q=" + "%41".repeat(2000), "?size=10&page=0&team=%27", "?policyFile=%F0%9F%92%A9",
            "?priority=HIGHEST&status=__proto__", "?since=not-a-date", "?since=2026-13-45T99:99:99Z"};

    /** What the fuzzer saw. */
    record Report(int sent, int notSendable, Map<Integer, Integer> byStatus, List<Violation> violations) {
    }

    /** An answer that breaks the rules (status 0: no answer). */
    record Violation(int status, String contentType, String request, String requestContentType, String body) {

        /**
         * Open finding 1: a request with {@code Content-Type: *}{@code /*} makes Spring MVC throw
         * IllegalArgumentException ("Content-Type cannot contain wildcard type '*'"), rendered as 500
         * (the gateway turns a service's 500 into 503).
         */
        boolean isWildcardContentType500() {
            return requestContentType.equals("*/*") && (status == 500 || status == 503);
        }

        /**
         * Open finding 2: Tomcat refuses some requests before Spring sees them (an encoded '/' or NUL or invalid
         * UTF-8 in the path, a very long query) with its own HTML 400 page.
         */
        boolean isTomcatHtml400() {
            return status == 400 && contentType.startsWith("text/html") && body.contains("HTTP Status 400");
        }

        /**
         * Finding 3 (fixed): a form-encoded body that could not be decoded got a non-problem answer or, on
         * PUT/DELETE, the service's form filter answered 500 (503 through the gateway). The gateway now refuses
         * form bodies with 415 problem+json before any service sees them.
         */
        boolean isUndecodableFormBody400() {
            return requestContentType.equals("application/x-www-form-urlencoded")
                    && (status >= 500 || status == 400 && !contentType.startsWith("application/problem+json"));
        }

        /**
         * Finding 4 (fixed): a few requests through the gateway got no answer within 30 s — Reactor Netty's keep-alive
         * stall, now avoided by the gateway's {@code ConnectionPerRequest}.
         */
        boolean isTimeout() {
            return status == 0 && body.contains("HttpTimeoutException");
        }

        @Override
        public String toString() {
            return status + " as '" + contentType + "' to " + request + " [Content-Type " + requestContentType + "]: "
                    + body;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final SplittableRandom random;

    HostileRequests(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * Sends {@code count} requests to {@code base} (the gateway or one service), {@code inFlight} at a
     * time; {@code apiKey} is sent on most of them (so they get past the gateway), garbage on the others.
     * With {@code withIdentity} (a service called directly) most also carry a valid internal identity
     * token, so they reach the service's own parsing instead of stopping at its 401.
     */
    Report run(URI base, List<String[]> endpoints, int count, String apiKey, int inFlight, boolean withIdentity)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicInteger notSendable = new AtomicInteger();
        Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
        List<Violation> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < count; i++) {
            HttpRequest request;
            String description;
            String requestType;
            synchronized (random) {
                String[] endpoint = endpoints.get(random.nextInt(endpoints.size()));
                String path = endpoint[1].replace("{id}", pick(IDS)) + (random.nextInt(3) == 0 ? pick(QUERIES) : "");
                byte[] body = body();
                description = endpoint[0] + " " + path + " (" + body.length + " bytes: "
                        + new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?") + ")";
                try {
                    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .method(endpoint[0], endpoint[0].equals("GET") || endpoint[0].equals("DELETE")
                                    && random.nextBoolean() ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
                    requestType = headers(builder, apiKey, withIdentity);
                    request = builder.build();
                } catch (IllegalArgumentException e) {
                    notSendable.incrementAndGet(); // a URI or header the client itself refuses to send
                    continue;
                }
            }
            permits.acquire();
            String what = description;
            String sentType = requestType;
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            answer.whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        violations.add(new Violation(0, "", what, sentType, String.valueOf(error)));
                        return;
                    }
                    byStatus.merge(response.statusCode(), 1, Integer::sum);
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    if (response.statusCode() >= 500) {
                        violations.add(new Violation(response.statusCode(), type, what, sentType, abbreviate(response.body())));
                    } else if (response.statusCode() >= 400 && !response.body().isEmpty()
                            && !type.startsWith("application/problem+json")) {
                        violations.add(new Violation(response.statusCode(), type, what, sentType, abbreviate(response.body())));
                    }
                } finally {
                    permits.release();
                }
            });
        }
        permits.acquire(inFlight);
        return new Report(count - notSendable.get(), notSendable.get(), new TreeMap<>(byStatus), List.copyOf(violations));
    }

    /** Sets the headers; returns the Content-Type sent ("" for none). */
    private String headers(HttpRequest.Builder builder, String apiKey, boolean withIdentity) {
        int keyChoice = random.nextInt(20);
        if (keyChoice > 2) {
            builder.header("X-API-Key", apiKey);
            if (withIdentity) {
                builder.header(TestIdentity.HEADER, TestIdentity.admin("fuzzer"));
            }
        } else if (keyChoice == 1) {
            builder.header("X-API-Key", "k".repeat(1 + random.nextInt(4000)));
        } else if (keyChoice == 2) {
            builder.header("X-API-Key", apiKey + "\t");
        }
        String type = pick(CONTENT_TYPES);
        if (!type.isEmpty()) {
            builder.header("Content-Type", type);
        }
        builder.header("Accept", pick(ACCEPTS));
        switch (random.nextInt(8)) {
            case 0 -> builder.header("traceparent", "00-" + "z".repeat(32) + "-" + "0".repeat(16) + "-01");
            case 1 -> builder.header("traceparent", "garbage");
            case 2 -> builder.header("X-Forwarded-For", "'; DROP TABLE cases; --");
            case 3 -> builder.setHeader(TestIdentity.HEADER, "admin"); // forged
            case 4 -> builder.header("Accept-Encoding", "gzip, br, zstd, identity;q=0");
            case 5 -> builder.header("X-Custom", "v".repeat(2000));
            default -> { }
        }
        return type;
    }

    /** A malformed or hostile body. */
    private byte[] body() {
        String text = switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "[".repeat(5000) + "]".repeat(5000);
            case 3 -> "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
            case 4 -> "{\"id\":" + random.nextLong() + ",\"platform\":[],\"author\":{},\"text\":123,\"createdAt\":\"yesterday\"}";
            case 5 -> "{\"id\":\"x\",\"platform\":\"mastodon\",\"author\":\"@a\",\"text\":\"" + "t".repeat(20_000 + random.nextInt(50_000))
                    + "\",\"createdAt\":\"2026-11-20T14:03:00Z\"}";
            case 6 -> "{\"id\":null,\"platform\":null,\"author\":null,\"text\":null,\"createdAt\":null}";
            case 7 -> "{\"id\":\"\\u0000\",\"platform\":\"MASTODON!\",\"author\":\"\\ud800\",\"text\":\"\\u202e\",\"createdAt\":\"2026-02-30T25:61:00Z\",\"lang\":\"" + "l".repeat(100) + "\"}";
            case 8 -> "[{\"id\":1},{},null,\"x\",[],{\"id\":\"ok\",\"platform\":\"x\"}]";
            case 9 -> "{\"id\":\"a\"}\n{nope}\n\n\u0000\n";
            case 10 -> "{\"text\":\"" + "é".repeat(random.nextInt(3000)) + "\",\"lang\":\"fr\"}";
            case 11 -> "{\"teamId\":\"" + "../".repeat(50) + "\",\"note\":{\"$gt\":\"\"},\"status\":\"__proto__\",\"members\":[null]}";
            case 12 -> "1e999999";
            case 13 -> "\"just a string\"";
            case 14 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
            default -> null;
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[random.nextInt(2048)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
