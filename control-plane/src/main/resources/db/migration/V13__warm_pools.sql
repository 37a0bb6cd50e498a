-- Warm pools: engine clusters started before their runs, per workspace and engine profile.
-- Pools made through the API (those of the configuration are not stored, as engine profiles).
create table warm_pool (
    name                 text primary key,
    workspace_id         text not null,
    profile              text not null,
    size                 integer not null,
    idle_ttl_seconds     bigint,
    workers              integer not null,
    driver_cores         integer not null,
    driver_memory_mib    integer not null,
    executor_cores       integer not null,
    executor_memory_mib  integer not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);

-- Each pool's demand and counts, for configured pools as much as stored ones: every replica's
-- dispatcher writes them, the keeper reads them (and writes each pool's size, for the metrics).
create table warm_pool_activity (
    pool_name       text primary key,
    workspace_id    text not null,
    profile         text not null,
    size            integer not null,
    last_demand_at  timestamptz not null,
    hits            bigint not null default 0,
    misses          bigint not null default 0
);

-- One warm cluster: STARTING until its driver is up with its executors, then READY until a run
-- takes it (taken_run_id) or it is stopped. template is the launch spec it was started from,
-- without token or storage settings.
create table warm_pool_member (
    id             uuid primary key,
    pool_name      text not null,
    workspace_id   text not null,
    profile        text not null,
    state          text not null,
    template       text not null,
    workers        integer not null,
    cluster        jsonb,
    created_at     timestamptz not null,
    ready_at       timestamptz,
    taken_run_id   uuid,
    taken_attempt  integer,
    taken_at       timestamptz
);

create index warm_pool_member_ready on warm_pool_member (workspace_id, profile, ready_at) where state = 'READY' and taken_run_id is null;
create unique index warm_pool_member_taken on warm_pool_member (taken_run_id, taken_attempt) where taken_run_id is not null;
