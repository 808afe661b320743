package org.issuedesk.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a random port standing in for a service behind the gateway: it records every request it
 * receives and answers what the test told it to for each path (404 otherwise).
 */
public final class StubBackend implements AutoCloseable {

    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /** First value of a header, any case; null when absent. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private record Answer(int status, String contentType, String body, boolean hang) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    // answers given once each, in turn, before the path's standing answer
    private final Map<String, Queue<Answer>> nextAnswers = new ConcurrentHashMap<>();
    // holds "hanging" answers until the stub closes
    private final CountDownLatch closed = new CountDownLatch(1);

    private StubBackend() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static StubBackend start() {
        return new StubBackend();
    }

    /** A base URL where nothing listens: connections are refused. */
    public static String unreachableBaseUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public StubBackend answer(String path, int status, String contentType, String body) {
        answers.put(path, new Answer(status, contentType, body, false));
        return this;
    }

    /** The next {@code times} requests to this path get this answer, later ones the path's standing answer. */
    public StubBackend answerNext(String path, int times, int status, String contentType, String body) {
        Queue<Answer> next = nextAnswers.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) {
            next.add(new Answer(status, contentType, body, false));
        }
        return this;
    }

    /** Requests to this path get no answer until the stub closes. */
    public StubBackend hang(String path) {
        answers.put(path, new Answer(0, null, null, true));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedAt(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    public void forgetRequests() {
        received.clear();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    headers, new String(in.readAllBytes(), StandardCharsets.UTF_8)));

            Answer once = nextAnswers.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
            Answer answer = once != null ? once : answers.getOrDefault(path,
                    new Answer(404, "application/json", "{\"stub\":\"no answer for " + path + "\"}", false));
            if (answer.hang()) {
                closed.await();
                return;
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
