package org.issuedesk.routing.cases;

/**
 * The emerging issue a case belongs to, shown on the case ({@code emergingIssue} of
 * {@code GET /api/cases/{id}}): on the case of a post, the emerging-issue case of the surge it is part of;
 * on an emerging-issue case, itself. See docs/alerts.md.
 *
 * @param caseId      the emerging-issue case (a case of the queue like any other)
 * @param alertId     its alert ({@code GET /api/alerts/{alertId}})
 * @param state       the alert's state: open, updated, closed
 * @param linkedCases how many cases of posts the surge links
 * @param linkedHref  where they are listed
 */
public record EmergingLink(String caseId, String alertId, String state, long linkedCases, String linkedHref) {

    /** The post id of an emerging-issue case is this prefix and its alert id (a platform no ingest uses). */
    public static final String POST_ID_PREFIX = "alert:";

    /**
     * SQL: case {@code c} is linked to emerging issue {@code e}. Links are derived, not stored: the cases of
     * posts of the same file (and kind, when the alert names one) created from the start of the window that
     * opened the alert until it closed, so the cases of the surge routed before the alert and those routed
     * after attach alike, with no hook in case intake.
     */
    public static final String LINKED = """
            c.policy_file = e.policy_file AND (e.issue_kind IS NULL OR c.issue_kind = e.issue_kind)
            AND c.created_at >= e.linked_from AND (e.closed_at IS NULL OR c.created_at < e.closed_at)
            AND c.post_id NOT LIKE '""" + POST_ID_PREFIX + "%'";

    /** SQL: the linked cases of emerging issue {@code e}. */
    public static final String COUNT_LINKED = "(SELECT COUNT(*) FROM cases c WHERE " + LINKED + ")";

    static boolean isEmergingCase(String postId) {
        return postId != null && postId.startsWith(POST_ID_PREFIX);
    }

    static String linkedHref(String alertId) {
        return "/api/alerts/" + alertId + "/cases";
    }
}
