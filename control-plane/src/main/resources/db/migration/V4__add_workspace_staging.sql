-- A workspace's own staging location, the URI schemes its runs may name and its store profile
-- (sparkplane.store-profiles.<name>.*); null means the control plane's configured defaults
-- (sparkplane.staging.location, sparkplane.inputs.allowed-schemes, sparkplane.store.*), which is what
-- the 'default' workspace keeps. All are fixed once the workspace exists: runs and artifacts already
-- staged there are never left behind by a change.
alter table workspace add column staging_location text;
alter table workspace add column allowed_schemes jsonb;
alter table workspace add column store_profile text;

-- listing runs of every workspace, newest first
create index run_created on run (created_at desc, id desc);
