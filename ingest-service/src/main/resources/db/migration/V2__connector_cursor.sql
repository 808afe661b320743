-- Where each connector source stopped, so that it resumes there after a restart.
create table connector_cursor (
    source     varchar(200) primary key,
    position   varchar(2048) not null,
    updated_at timestamp with time zone not null
);
