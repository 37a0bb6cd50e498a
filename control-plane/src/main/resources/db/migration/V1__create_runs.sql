-- Every row belongs to a workspace, so tenancy later needs no reshaping.
create table workspace (
    id          text primary key,
    created_at  timestamptz not null default now()
);
insert into workspace (id) values ('default');

create table run (
    id                  uuid primary key,
    workspace_id        text not null references workspace (id),
    name                text not null,
    backend             text not null,
    state               text not null,
    reason              text,
    message             text,
    attempt             integer not null,
    max_retries         integer not null,
    timeout_seconds     integer,
    spec                jsonb not null,
    labels              jsonb not null,
    idempotency_key     text,
    request_hash        text,
    created_at          timestamptz not null,
    queued_at           timestamptz not null,
    ended_at            timestamptz,
    cancel_requested_at timestamptz,
    version             bigint not null default 0,
    constraint run_idempotency_key_unique unique (workspace_id, idempotency_key)
);
-- the dispatcher's queue scan and the reconciler's active-run scan
create index run_state_backend_queued on run (state, backend, queued_at);
-- newest-first listing with keyset pagination
create index run_workspace_created on run (workspace_id, created_at desc, id desc);
create index run_labels on run using gin (labels jsonb_path_ops);

create table run_attempt (
    run_id             uuid not null references run (id),
    attempt            integer not null,
    workspace_id       text not null references workspace (id),
    state              text not null,
    reason             text,
    message            text,
    exit_code          integer,
    cluster            jsonb,
    provisioning_at    timestamptz not null,
    started_at         timestamptz,
    ended_at           timestamptz,
    heartbeat_at       timestamptz,
    torn_down_at       timestamptz,
    log_bytes          bigint not null default 0,
    version            bigint not null default 0,
    primary key (run_id, attempt)
);

create table run_event (
    id           bigint generated always as identity primary key,
    run_id       uuid not null references run (id),
    workspace_id text not null references workspace (id),
    attempt      integer,
    at           timestamptz not null,
    type         text not null,
    from_state   text,
    to_state     text,
    reason       text,
    message      text
);
create index run_event_run on run_event (run_id, id);

-- The driver log of each attempt, as the launcher ships it, in byte-offset order.
create table run_log_chunk (
    run_id       uuid not null,
    attempt      integer not null,
    byte_offset  bigint not null,
    data         bytea not null,
    primary key (run_id, attempt, byte_offset),
    foreign key (run_id, attempt) references run_attempt (run_id, attempt)
);

-- The key that derives each attempt's launcher token (HMAC of run id and attempt), shared by all
-- control-plane replicas through the database, so any replica can check a token after a restart.
create table engine_token_key (
    id          integer primary key check (id = 1),
    secret      bytea not null,
    created_at  timestamptz not null default now()
);
