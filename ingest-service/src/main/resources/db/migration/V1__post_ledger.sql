-- The intake's ledger: one row per post id it has taken in (see PostLedger for the protocol).
-- status 'pending': claimed by a request that is publishing it (or crashed while doing so);
-- status 'published': the broker acknowledged it on posts.raw, so the same id is a duplicate.
create table post_ledger (
    post_id      varchar(240) primary key,
    platform     varchar(32)  not null,
    status       varchar(16)  not null,
    claimed_at   timestamp with time zone not null,
    -- sha-256 of the normalised author and text: finds cross-posts
    cross_key    varchar(64)  not null,
    created_at   timestamp with time zone not null,
    published_at timestamp with time zone
);

create index post_ledger_cross_key on post_ledger (cross_key, created_at);
