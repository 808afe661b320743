-- Emerging-issue cases (docs/alerts.md): each emerging issue is also a row of cases, so it sits in the
-- owning team's queue and goes through the same workflow and SLA clock as the case of a post. Its post id
-- is alert:<alertId> (the unique post id keeps it one case per alert, whatever the redeliveries); its text
-- sums up the surge; its source_partition/source_offset are those of the alert's first message on
-- issues.alerts. emerging_issues keeps the alert's data and points at that case.
-- Issues stored before this migration have no case (case_id null) and are still listed by /api/alerts.
ALTER TABLE emerging_issues ADD COLUMN case_id VARCHAR(36) REFERENCES cases (id);

CREATE UNIQUE INDEX emerging_issues_case ON emerging_issues (case_id);
