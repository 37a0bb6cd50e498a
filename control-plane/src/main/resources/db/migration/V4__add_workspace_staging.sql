-- A workspace's own staging location and the URI schemes its runs may name; null means the control
-- plane's configured defaults (sparkplane.staging.location, sparkplane.inputs.allowed-schemes), which
-- is what the 'default' workspace keeps. Both are fixed once the workspace exists: runs and artifacts
-- already staged there are never left behind by a change.
alter table workspace add column staging_location text;
alter table workspace add column allowed_schemes jsonb;

-- listing runs of every workspace, newest first
create index run_created on run (created_at desc, id desc);
