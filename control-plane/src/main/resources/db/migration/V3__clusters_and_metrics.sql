-- What the autoscaler keeps per attempt: the workers it wants, its policy's memory between two
-- decisions (the autoscaler library's ClusterState), its latest reason, and the cluster's topology
-- as the backend last reported it.
alter table run_attempt add column desired_workers integer;
alter table run_attempt add column autoscaler_state jsonb;
alter table run_attempt add column last_decision text;
alter table run_attempt add column topology jsonb;
alter table run_attempt add column topology_at timestamptz;

-- The driver's scheduler state, one row per heartbeat that carried a new snapshot, with what the
-- autoscaler wanted and had at that moment: the series behind GET /runs/{id}/metrics.
create table run_metric (
    run_id           uuid not null,
    attempt          integer not null,
    at               timestamptz not null,
    workspace_id     text not null references workspace (id),
    pending_tasks    integer not null,
    running_tasks    integer not null,
    completed_tasks  integer not null,
    failed_tasks     integer not null,
    executors_alive  integer not null,
    executors_busy   integer not null,
    mean_task_millis bigint,
    desired_workers  integer not null,
    alive_workers    integer not null,
    stages           jsonb not null,
    primary key (run_id, attempt, at),
    foreign key (run_id, attempt) references run_attempt (run_id, attempt)
);
