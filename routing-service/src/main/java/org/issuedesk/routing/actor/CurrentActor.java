package org.issuedesk.routing.actor;

/**
 * Who is acting on a case in the current request: the one place where the workflow learns the person
 * behind a change. Issue 6 replaces the implementation with the identity the gateway verifies, and puts
 * the team-scope check (members act on their teams' cases, leads on their team's, admins on all) in
 * {@link #actingOn}; nothing else has to change.
 */
public interface CurrentActor {

    /** The acting person's handle; a 401 problem+json when the request carries none. */
    String handle();

    /**
     * The acting person's handle, once allowed to act on a case of {@code teamId}; a 403 problem+json
     * otherwise. Until issue 6 every identified caller may act on every team.
     */
    default String actingOn(String teamId) {
        return handle();
    }
}
