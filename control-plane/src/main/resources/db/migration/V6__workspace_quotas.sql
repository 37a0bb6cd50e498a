-- What an admin may change about a workspace; its staging location, schemes and store profile stay
-- fixed. A null quota is no limit.
alter table workspace add column display_name text;
alter table workspace add column default_backend text;
alter table workspace add column max_active_runs integer check (max_active_runs >= 0);
alter table workspace add column max_executors integer check (max_executors >= 0);
alter table workspace add column max_queued_runs integer check (max_queued_runs >= 0);
-- A deleted workspace keeps its row, so the history of its runs still names it; its id is not reused.
alter table workspace add column deleted_at timestamptz;
alter table workspace add column version bigint not null default 0;

-- what the dispatcher and the quotas count: a workspace's runs by state
create index run_workspace_state on run (workspace_id, state);
