package org.issuedesk.routing.teams;

import java.time.Duration;
import java.util.List;

import org.issuedesk.contracts.Localized;

/**
 * A horizontal team: the people closest to some policy files, whatever their function.
 *
 * @param name                    the team's name in both official languages
 * @param members                 who is in it, with their function
 * @param firstResponseSlaMinutes how soon a new case needs a first response
 * @param owns                    the ids of the policy files this team owns
 */
public record Team(String id, Localized name, List<Member> members, int firstResponseSlaMinutes, List<String> owns) {

    /** The team every post without an owning team goes to. */
    public static final String TRIAGE = "triage";

    public Team {
        members = members == null ? List.of() : List.copyOf(members);
        owns = owns == null ? List.of() : List.copyOf(owns);
    }

    public Duration firstResponseSla() {
        return Duration.ofMinutes(firstResponseSlaMinutes);
    }

    /** A person in a team. */
    public record Member(String handle, MemberFunction function) {
    }
}
