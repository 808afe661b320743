package org.issuedesk.routing;

import java.time.Duration;
import java.util.List;

import org.issuedesk.contracts.classifier.IssueKind;
import org.issuedesk.contracts.routing.Priority;
import org.issuedesk.routing.teams.MemberFunction;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the routing service, under {@code issuedesk.routing}.
 *
 * @param teams where the teams come from when the database has none yet
 * @param rules the routing rules after ownership, in order (see {@code docs/routing.md})
 * @param sla   the SLA clock
 */
@Validated
@ConfigurationProperties("issuedesk.routing")
public record RoutingProperties(@Valid Teams teams, List<@Valid Rule> rules, @Valid Sla sla) {

    public RoutingProperties {
        teams = teams == null ? new Teams(null, null) : teams;
        rules = rules == null ? List.of() : List.copyOf(rules);
        sla = sla == null ? new Sla(null, null) : sla;
    }

    /**
     * @param location a Spring resource location of the teams YAML that seeds an empty database, e.g.
     *                 {@code file:/etc/issuedesk/teams.yaml}
     * @param refresh  how old the in-memory copy of the teams may get before it is read again; a change
     *                 made through this instance is seen at once, one made through another instance
     *                 within this time (default 1s)
     */
    public record Teams(@NotBlank String location, Duration refresh) {

        public static final String DEFAULT_LOCATION = "classpath:registry/teams.yaml";
        public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);

        public Teams {
            location = location == null ? DEFAULT_LOCATION : location;
            refresh = refresh == null || refresh.isNegative() ? DEFAULT_REFRESH : refresh;
        }
    }

    /**
     * One routing rule: when every condition given in {@code when} holds, {@code then} applies. The first
     * matching rule that names functions decides who acts first; priorities and raises add up in order.
     *
     * @param name what the case's reason calls it
     */
    public record Rule(@NotBlank String name, @NotNull @Valid When when, @NotNull @Valid Then then) {
    }

    /**
     * Conditions of a rule; an empty condition matches every post.
     *
     * @param issueKinds the post's issue kind is one of these
     * @param authors    the post's author is one of these handles (journalists, high-reach accounts)
     * @param languages  the post's detected language is one of these
     * @param olderThan  the post was created longer than this before it was routed
     * @param minFollowers the post's author has at least this many followers (an unknown count does not match)
     */
    public record When(List<IssueKind> issueKinds, List<String> authors, List<String> languages, Duration olderThan,
            @Min(0) Long minFollowers) {

        public When {
            issueKinds = issueKinds == null ? List.of() : List.copyOf(issueKinds);
            authors = authors == null ? List.of() : authors.stream().map(String::toLowerCase).toList();
            languages = languages == null ? List.of() : List.copyOf(languages);
        }
    }

    /**
     * What a matching rule does.
     *
     * @param functions     the functions that act first, in order
     * @param priority      the priority to set
     * @param raisePriority how many steps to raise the priority by
     */
    public record Then(List<MemberFunction> functions, Priority priority, @Min(0) @Max(3) Integer raisePriority) {

        public Then {
            functions = functions == null ? List.of() : List.copyOf(functions);
            raisePriority = raisePriority == null ? 0 : raisePriority;
        }
    }

    /**
     * @param scanInterval how often the SLA clock looks for breached cases (and waiting cases to assign)
     * @param enabled      whether the periodic scan runs (tests drive it by hand)
     */
    public record Sla(Duration scanInterval, Boolean enabled) {

        public Sla {
            scanInterval = scanInterval == null ? Duration.ofSeconds(15) : scanInterval;
            enabled = enabled == null || enabled;
        }
    }
}
