package org.issuedesk.routing.actor;

/**
 * Who is acting in the current request, and which teams' cases they reach: the one place where the
 * workflow learns the person behind a change and where team scope is decided (issue 5, enforced here and
 * not only at the gateway).
 *
 * <ul>
 * <li>member: reads and acts on the cases of their teams;</li>
 * <li>lead: the same on the teams they lead (including approve);</li>
 * <li>analyst: reads every team's cases, changes nothing;</li>
 * <li>admin: everything.</li>
 * </ul>
 * A case of a team the caller may not read does not exist for them (404, like an unknown id), so its id
 * reveals nothing; a team's queue they may not read is 403 (team ids are public through GET /api/teams);
 * a case they may read but not change (analyst) is 403.
 */
public interface CurrentActor {

    /** The acting person's handle; a 401 problem+json when the request carries no verified identity. */
    String handle();

    /** Whether the caller may see this team's queue and cases. */
    boolean mayRead(String teamId);

    /**
     * The acting person's handle, once allowed to change a case of {@code teamId}; a 403 problem+json
     * otherwise. Check {@link #mayRead} first: a caller who may not even read gets a 404 instead.
     */
    String actingOn(String teamId);
}
