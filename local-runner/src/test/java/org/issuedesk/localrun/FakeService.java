package org.issuedesk.localrun;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a service jar in {@link ServiceProcessTest}: answers the readiness probe (503 for
 * {@code --fake.ready-after-ms}, then 200), or exits at once with {@code --fake.exit-code}.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        System.out.println("fake service starting with " + options + " and GREETING=" + System.getenv("GREETING"));
        if (options.containsKey("fake.exit-code")) {
            System.out.println("cannot start: boom");
            System.exit(Integer.parseInt(options.get("fake.exit-code")));
        }
        long readyAt = System.currentTimeMillis() + Long.parseLong(options.getOrDefault("fake.ready-after-ms", "0"));
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(options.get("server.port"))), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            boolean ready = System.currentTimeMillis() >= readyAt;
            byte[] body = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake service stopping")));
    }
}
