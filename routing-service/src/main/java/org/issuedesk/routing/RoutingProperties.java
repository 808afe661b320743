package org.issuedesk.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings of the routing service, under {@code issuedesk.routing}.
 *
 * @param teams where the teams and their policy files come from
 */
@Validated
@ConfigurationProperties("issuedesk.routing")
public record RoutingProperties(@Valid Teams teams) {

    public RoutingProperties {
        teams = teams == null ? new Teams(null) : teams;
    }

    /**
     * @param location a Spring resource location of the teams YAML, e.g. {@code file:/etc/issuedesk/teams.yaml}
     */
    public record Teams(@NotBlank String location) {

        public static final String DEFAULT_LOCATION = "classpath:registry/teams.yaml";

        public Teams {
            location = location == null ? DEFAULT_LOCATION : location;
        }
    }
}
