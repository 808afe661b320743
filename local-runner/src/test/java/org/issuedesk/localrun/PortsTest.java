package org.issuedesk.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void shouldReportAPortThatSomethingListensOnAsTaken() throws IOException {
        // Given: one port held on the loopback address (as the broker does), one free
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = Ports.freePort();
            Map<Integer, String> wanted = new LinkedHashMap<>();
            wanted.put(held.getLocalPort(), "Kafka");
            wanted.put(free, "gateway");

            // When
            Map<Integer, String> taken = Ports.taken(wanted);

            // Then
            assertThat(taken).containsExactly(Map.entry(held.getLocalPort(), "Kafka"));
            assertThat(Ports.isFree(free)).isTrue();
        }
    }

    @Test
    void shouldReportAPortHeldOnAllAddressesAsTaken() throws IOException {
        // Given: as a Spring Boot service holds its port
        try (ServerSocket held = new ServerSocket(0)) {
            assertThat(Ports.isFree(held.getLocalPort())).isFalse();
        }
    }
}
