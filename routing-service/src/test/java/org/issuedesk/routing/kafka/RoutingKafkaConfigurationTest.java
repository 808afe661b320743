package org.issuedesk.routing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class RoutingKafkaConfigurationTest {

    @Test
    void shouldWaitOutADatabaseOrBrokerOutageInsteadOfDeadLetteringEveryRecord() {
        // Given failures as the listener container reports them: wrapped
        var databaseDown = new ListenerExecutionFailedException("listener failed",
                new CannotGetJdbcConnectionException("connection refused"));
        var brokerSlow = new ListenerExecutionFailedException("listener failed", new TimeoutException("no answer"));
        var badRow = new ListenerExecutionFailedException("listener failed",
                new DataIntegrityViolationException("value too long"));

        // Then outages are told apart from records that will never succeed
        assertThat(RoutingKafkaConfiguration.isOutage(databaseDown)).isTrue();
        assertThat(RoutingKafkaConfiguration.isOutage(brokerSlow)).isTrue();
        assertThat(RoutingKafkaConfiguration.isOutage(badRow)).isFalse();
    }
}
