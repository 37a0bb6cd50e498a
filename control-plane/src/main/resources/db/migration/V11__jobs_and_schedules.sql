-- Saved jobs (a named run template with parameters, versioned) and their schedules (cron or interval).
-- A job and a schedule are deleted softly: the runs they started keep naming them, and a name is free again.
create table job (
    id                  uuid primary key,
    workspace_id        text not null references workspace (id),
    name                text not null,
    current_version     integer not null,
    max_concurrent_runs integer not null,
    concurrency_policy  text not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    deleted_at          timestamptz
);
create unique index job_name on job (workspace_id, name) where deleted_at is null;
create index job_list on job (created_at desc, id desc) where deleted_at is null;

-- Every version of a job's definition, as its client sent it; a run starts from one of them.
create table job_version (
    job_id      uuid not null references job (id),
    version     integer not null,
    definition  jsonb not null,
    created_at  timestamptz not null,
    created_by  text not null,
    primary key (job_id, version)
);

alter table run add column job_id uuid references job (id);
alter table run add column job_version integer;
alter table run add column schedule_id uuid;
alter table run add column fire_time timestamptz;
create index run_by_job on run (job_id, created_at desc, id desc) where job_id is not null;

create table schedule (
    id              uuid primary key,
    workspace_id    text not null references workspace (id),
    job_id          uuid not null references job (id),
    definition      jsonb not null,
    paused          boolean not null,
    -- the next fire time not yet handled; the scheduler of any replica takes the schedules due
    next_fire_at    timestamptz,
    last_fire_time  timestamptz,
    last_run_id     uuid,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    deleted_at      timestamptz
);
create index schedule_due on schedule (next_fire_at) where deleted_at is null and not paused;
create index schedule_by_job on schedule (job_id) where deleted_at is null;
create index schedule_list on schedule (created_at desc, id desc) where deleted_at is null;

-- What happened to a schedule. A fire time has exactly one row (FIRED, SKIPPED, FAILED or MISSED): the unique
-- index is what makes one fire time start one run whichever replicas see it due at once.
create table schedule_event (
    id           bigint generated always as identity primary key,
    schedule_id  uuid not null references schedule (id),
    type         text not null,
    fire_time    timestamptz,
    run_id       uuid,
    message      text not null,
    at           timestamptz not null
);
create unique index schedule_fire on schedule_event (schedule_id, fire_time) where fire_time is not null;
create index schedule_event_by_schedule on schedule_event (schedule_id, id);
