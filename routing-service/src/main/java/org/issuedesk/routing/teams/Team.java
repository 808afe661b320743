package org.issuedesk.routing.teams;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.issuedesk.contracts.Localized;

/**
 * A horizontal team: the people closest to some policy files, whatever their function.
 *
 * @param name                    the team's name in both official languages
 * @param members                 who is in it, with their function, languages, availability and capacity
 * @param firstResponseSlaMinutes how soon a new case needs a first response
 * @param owns                    the ids of the policy files this team owns (each file has exactly one owner)
 * @param consults                the ids of the teams this team consults
 * @param assignment              how new cases reach a member: left for claiming, or balanced
 * @param responseApproval        whether a response needs the approval of the team's policy member
 */
public record Team(String id, Localized name, List<Member> members, int firstResponseSlaMinutes, List<String> owns,
        List<String> consults, AssignmentMode assignment, Boolean responseApproval) {

    /** The team every post without an owning team goes to. */
    public static final String TRIAGE = "triage";

    public Team {
        members = members == null ? List.of() : List.copyOf(members);
        owns = owns == null ? List.of() : List.copyOf(owns);
        consults = consults == null ? List.of() : List.copyOf(consults);
        assignment = assignment == null ? AssignmentMode.CLAIM : assignment;
        responseApproval = responseApproval != null && responseApproval;
    }

    public Team(String id, Localized name, List<Member> members, int firstResponseSlaMinutes, List<String> owns) {
        this(id, name, members, firstResponseSlaMinutes, owns, null, null, null);
    }

    public Duration firstResponseSla() {
        return Duration.ofMinutes(firstResponseSlaMinutes);
    }

    public Optional<Member> member(String handle) {
        return members.stream().filter(m -> m.handle().equals(handle)).findFirst();
    }

    /** The same team under another id (the id of a PUT is the one of its path). */
    public Team withId(String newId) {
        return new Team(newId, name, members, firstResponseSlaMinutes, owns, consults, assignment, responseApproval);
    }

    /**
     * A person in a team.
     *
     * @param lead         whether they lead the team (SLA breaches are reported to the leads)
     * @param languages    the languages they work in, "en" and/or "fr" (English by default)
     * @param availability whether new cases may go to them
     * @param capacity     the most open cases they carry at once
     */
    public record Member(String handle, MemberFunction function, Boolean lead, List<String> languages,
            Availability availability, Integer capacity) {

        public static final int DEFAULT_CAPACITY = 10;

        public Member {
            lead = lead != null && lead;
            languages = languages == null || languages.isEmpty() ? List.of("en") : List.copyOf(languages);
            availability = availability == null ? Availability.AVAILABLE : availability;
            capacity = capacity == null ? DEFAULT_CAPACITY : capacity;
        }

        public Member(String handle, MemberFunction function) {
            this(handle, function, null, null, null, null);
        }

        public boolean speaks(String language) {
            return languages.contains(language);
        }

        public boolean available() {
            return availability == Availability.AVAILABLE;
        }
    }
}
