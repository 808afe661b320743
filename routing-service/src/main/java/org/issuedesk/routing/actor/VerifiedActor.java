package org.issuedesk.routing.actor;

import org.issuedesk.contracts.identity.InternalToken;
import org.issuedesk.support.identity.CurrentIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@link CurrentActor} from the identity the gateway verified and forwarded (X-Issuedesk-Identity, checked
 * by service-support's identity filter): its subject is the handle written into the case history, its
 * roles and teams decide the scope.
 */
@Component
public class VerifiedActor implements CurrentActor {

    /** A handle longer than this is not a person's name: refuse it instead of storing it in every event. */
    static final int MAX_HANDLE = 200;

    private final CurrentIdentity identity;

    public VerifiedActor(CurrentIdentity identity) {
        this.identity = identity;
    }

    @Override
    public String handle() {
        String subject = identity.require().subject().strip();
        if (subject.isEmpty() || subject.length() > MAX_HANDLE || subject.chars().anyMatch(Character::isISOControl)) {
            throw CurrentIdentity.problem(HttpStatus.UNAUTHORIZED, "Unknown actor",
                    "The forwarded identity names no usable person (1-" + MAX_HANDLE + " printable characters).");
        }
        return subject;
    }

    @Override
    public boolean mayRead(String teamId) {
        InternalToken.Identity caller = identity.require();
        return caller.hasRole("admin") || caller.hasRole("analyst") || caller.worksIn(teamId);
    }

    @Override
    public String actingOn(String teamId) {
        InternalToken.Identity caller = identity.require();
        if (!caller.hasRole("admin") && !caller.worksIn(teamId)) {
            throw CurrentIdentity.problem(HttpStatus.FORBIDDEN, "Not your team's case",
                    "Only members and leads of team " + teamId + " (or admins) act on its cases.");
        }
        return handle();
    }
}
