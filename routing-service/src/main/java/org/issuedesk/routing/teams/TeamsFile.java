package org.issuedesk.routing.teams;

import java.util.List;

/**
 * The routing service's teams format (see {@code registry/teams.yaml}): what an administrator edits.
 *
 * @param format the version of this format; only 1 exists
 * @param teams  the teams, in the order they are shown
 */
record TeamsFile(int format, List<Team> teams) {

    static final int FORMAT = 1;
}
