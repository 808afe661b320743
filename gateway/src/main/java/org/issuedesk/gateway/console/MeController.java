package org.issuedesk.gateway.console;

import java.util.List;

import org.issuedesk.gateway.security.CallerIdentity;
import org.issuedesk.gateway.security.IssueDeskAuthentication;
import org.issuedesk.gateway.security.Role;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me}: who the gateway takes the caller to be, so the console knows whose queues to show. Answered by
 * the gateway itself from the verified identity (API key or bearer token); no service is called.
 */
@RestController
public class MeController {

    /**
     * @param name    the API key's name or the token's subject (the actor the services record)
     * @param method  {@code api-key} or {@code jwt}
     * @param roles   lower-case role names, sorted
     * @param teams   team ids (member, lead), sorted
     * @param allTeams true when the roles reach every team's queue (admin, analyst)
     */
    public record Me(String name, String method, List<String> roles, List<String> teams, boolean allTeams) {
    }

    @GetMapping("/api/me")
    public Me me(Authentication authentication) {
        CallerIdentity caller = ((IssueDeskAuthentication) authentication).identity();
        return new Me(caller.subject(), caller.method(),
                caller.roles().stream().map(Role::claimValue).sorted().toList(),
                caller.teams().stream().sorted().toList(),
                caller.has(Role.ADMIN) || caller.has(Role.ANALYST));
    }
}
