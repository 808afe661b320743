-- Emerging issues (docs/alerts.md): one per alert of issues.alerts (one per surge), a case of the team
-- that owns the policy file, at high priority, with its own SLA. Its linked cases are not stored: they are
-- the cases of the same file (and issue kind, when the alert names one) whose post was created from the
-- start of the window that opened the alert until the alert closed, so case intake needs no hook and the
-- posts of the surge that arrive later attach by themselves.
CREATE TABLE emerging_issues (
    alert_id        VARCHAR(200)  NOT NULL PRIMARY KEY,
    policy_file     VARCHAR(100)  NOT NULL,
    -- null: a surge on the whole file
    issue_kind      VARCHAR(20),
    team_id         VARCHAR(100)  NOT NULL,
    -- the alert's state: open, updated, closed
    state           VARCHAR(10)   NOT NULL,
    priority        VARCHAR(10)   NOT NULL,
    due_by          TIMESTAMP WITH TIME ZONE NOT NULL,
    reason          VARCHAR(1000) NOT NULL,
    -- event times from the alerts: linked cases are those created from linked_from until closed_at
    linked_from     TIMESTAMP WITH TIME ZONE NOT NULL,
    window_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end      TIMESTAMP WITH TIME ZONE NOT NULL,
    opened_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    raised_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at       TIMESTAMP WITH TIME ZONE,
    post_count      BIGINT        NOT NULL,
    peak_count      BIGINT        NOT NULL,
    baseline        DOUBLE PRECISION NOT NULL,
    score           DOUBLE PRECISION NOT NULL,
    -- JSON arrays of strings, as on the alert
    top_terms       VARCHAR       NOT NULL,
    sample_post_ids VARCHAR       NOT NULL,
    -- how many alert messages were applied (open + updates + close; redeliveries do not count)
    messages        INTEGER       NOT NULL,
    -- service-clock times
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX emerging_issues_recent ON emerging_issues (created_at DESC);

-- the linked cases of an emerging issue: by file and post time
CREATE INDEX cases_policy_file_created ON cases (policy_file, created_at);
