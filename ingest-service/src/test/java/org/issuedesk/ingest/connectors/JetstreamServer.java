package org.issuedesk.ingest.connectors;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * A local Jetstream for tests: Tomcat's WebSocket server at {@code /subscribe}, replaying every event
 * at or after the {@code cursor} a subscriber asks for, then sending new events as they are added.
 * One per JVM (its endpoint is a static class, as the WebSocket API instantiates it).
 */
public final class JetstreamServer {

    /** An event as the server sends it, with its {@code time_us}. */
    public record Event(long timeUs, String json) {
    }

    private static final List<Event> events = new CopyOnWriteArrayList<>();
    private static final List<String> queries = new CopyOnWriteArrayList<>();
    private static final Set<Session> open = new CopyOnWriteArraySet<>();
    private static final AtomicInteger closed = new AtomicInteger();

    private final Tomcat tomcat;

    /** Jetstream's {@code /subscribe}. */
    public static class Subscribe extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            queries.add(String.valueOf(session.getQueryString()));
            List<String> cursor = session.getRequestParameterMap().get("cursor");
            long from = cursor == null ? Long.MIN_VALUE : Long.parseLong(cursor.get(0));
            synchronized (events) {
                for (Event event : events) {
                    if (event.timeUs() >= from) {
                        send(session, event);
                    }
                }
                open.add(session);
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            open.remove(session);
            closed.incrementAndGet();
        }

        @Override
        public void onError(Session session, Throwable error) {
            open.remove(session);
            closed.incrementAndGet();
        }
    }

    private JetstreamServer(Tomcat tomcat) {
        this.tomcat = tomcat;
    }

    public static JetstreamServer start() throws IOException, LifecycleException, DeploymentException {
        events.clear();
        queries.clear();
        open.clear();
        closed.set(0);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("jetstream").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat runs filters (the WebSocket upgrade is one) only for a request that maps to a servlet
        Tomcat.addServlet(context, "default", new HttpServlet() {
        });
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
        ((ServerContainer) context.getServletContext().getAttribute(ServerContainer.class.getName()))
                .addEndpoint(ServerEndpointConfig.Builder.create(Subscribe.class, "/subscribe").build());
        return new JetstreamServer(tomcat);
    }

    public String url() {
        return "ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/subscribe";
    }

    /** Adds an event: replayed to later subscribers, sent now to the open ones. */
    public void add(Event event) {
        synchronized (events) {
            events.add(event);
            open.forEach(session -> send(session, event));
        }
    }

    /** The query string of each subscription, in order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    /** Subscriptions open now. */
    public int subscribers() {
        return open.size();
    }

    /** Subscriptions that ended (closed by the subscriber, or lost). */
    public int closedSubscriptions() {
        return closed.get();
    }

    public void stop() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    private static void send(Session session, Event event) {
        try {
            session.getBasicRemote().sendText(event.json());
        } catch (IOException e) {
            open.remove(session); // the subscriber went away
        }
    }

    /** A post create as Jetstream sends it. */
    public static Event post(long timeUs, String did, String rkey, String text, String createdAt) {
        return new Event(timeUs, """
                {"did":"%s","time_us":%d,"kind":"commit","commit":{"rev":"3l%s","operation":"create",
                 "collection":"app.bsky.feed.post","rkey":"%s","record":{"$type":"app.bsky.feed.post",
                 "text":"%s","createdAt":"%s","langs":["en"]},"cid":"bafyrei%s"}}"""
                .formatted(did, timeUs, rkey, rkey, text, createdAt, rkey));
    }
}
