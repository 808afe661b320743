package org.issuedesk.routing;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The routing service: classified posts in, cases of the owning team out (see
 * {@link org.issuedesk.routing.cases.CaseListener}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RoutingApplication {

    public static void main(String[] args) {
        SpringApplication.run(RoutingApplication.class, args);
    }

    /** The time of routing and of SLA clocks; a bean so that tests can control it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The database's transaction manager, declared here because Boot backs off from its own as soon as
     * another transaction manager exists, and {@code spring.kafka.producer.transaction-id-prefix} makes
     * Boot declare a Kafka one (which the listener container uses). Primary, so that plain
     * {@code @Transactional} means the database.
     */
    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }
}
