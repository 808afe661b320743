package org.issuedesk.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks that ports are free, and finds free ones for tests. */
public final class Ports {

    private Ports() {
    }

    /**
     * True when nothing listens on the port, neither on the loopback address nor on all addresses
     * (the services bind all addresses, the broker binds 127.0.0.1; Linux refuses either bind while
     * the other is listening).
     */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    /** The ports of {@code wanted} (port → what needs it) that are taken, in the same order. */
    public static Map<Integer, String> taken(Map<Integer, String> wanted) {
        Map<Integer, String> taken = new LinkedHashMap<>();
        wanted.forEach((port, owner) -> {
            if (!isFree(port)) {
                taken.put(port, owner);
            }
        });
        return taken;
    }

    /** A port that was free a moment ago (the kernel's choice). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // a port in TIME_WAIT after the previous run is free
            socket.bind(address, 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
