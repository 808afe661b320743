package org.issuedesk.routing;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.issuedesk.routing.teams.TeamDirectory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Fast unit-test fixtures: the service's own application.yml bound to its properties, and an H2 database. */
public final class TestRouting {

    private TestRouting() {
    }

    /** {@code issuedesk.routing} as the shipped application.yml (default profile) sets it. */
    public static RoutingProperties properties() {
        try {
            StandardEnvironment environment = new StandardEnvironment();
            new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml")).stream()
                    .limit(1) // the first document: no profile
                    .forEach(source -> environment.getPropertySources().addLast(source));
            return Binder.get(environment).bind("issuedesk.routing", RoutingProperties.class).get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh, migrated in-memory H2 database with the options of the local run mode. */
    public static DataSource h2() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:routing-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }

    /** The shipped teams in a fresh H2 database. */
    public static TeamDirectory teams(DataSource dataSource) {
        return new TeamDirectory(properties(), new DefaultResourceLoader(), JdbcClient.create(dataSource), Clock.systemUTC());
    }
}
