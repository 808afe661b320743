-- Cases and their history. Portable SQL: the same migrations run on PostgreSQL (compose, tests) and on
-- H2 in PostgreSQL mode (the local run mode). VARCHAR without a length is unbounded on PostgreSQL and
-- large on H2; timestamps are instants (WITH TIME ZONE, stored in UTC).

CREATE TABLE cases (
    id               VARCHAR(36)   NOT NULL PRIMARY KEY,
    -- one case per post, whatever the number of times the post is delivered
    post_id          VARCHAR(512)  NOT NULL,
    team_id          VARCHAR(100)  NOT NULL,
    policy_file      VARCHAR(100),
    issue_kind       VARCHAR(20)   NOT NULL,
    language         VARCHAR(16)   NOT NULL,
    status           VARCHAR(20)   NOT NULL,
    priority         VARCHAR(10)   NOT NULL,
    due_by           TIMESTAMP WITH TIME ZONE NOT NULL,
    reason           VARCHAR(1000) NOT NULL,
    author           VARCHAR(512),
    platform         VARCHAR(64)   NOT NULL,
    text             VARCHAR       NOT NULL,
    url              VARCHAR(4096),
    created_at       TIMESTAMP WITH TIME ZONE,
    routed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the posts.classified record that created the case: tells a redelivery from a duplicate message
    source_partition INTEGER       NOT NULL,
    source_offset    BIGINT        NOT NULL,
    -- the ClassifiedPost as received (JSON), so the case can be published again exactly as it was
    classified_post  VARCHAR       NOT NULL,
    CONSTRAINT cases_post_id_unique UNIQUE (post_id)
);

-- a team's queue, newest first
CREATE INDEX cases_team_routed ON cases (team_id, routed_at DESC);

CREATE TABLE case_events (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    case_id     VARCHAR(36)  NOT NULL REFERENCES cases (id),
    type        VARCHAR(20)  NOT NULL,
    -- the team of the case when the event happened (a reroute changes it)
    team_id     VARCHAR(100) NOT NULL,
    actor       VARCHAR(100) NOT NULL,
    -- a JSON object of strings, as in the CaseEvent on cases.events
    details     VARCHAR      NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX case_events_case ON case_events (case_id, occurred_at);
