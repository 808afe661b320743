-- The console's queue asks for a team's cases that are not resolved (status IN (...)), most urgent first then
-- soonest due: this index finds them without reading the team's resolved past, which grows without end. Filters
-- on kind, language, assignee and policy file narrow what it finds; the urgency order (a CASE over priority) is
-- sorted on the matches.
CREATE INDEX cases_team_status_due ON cases (team_id, status, due_by);
