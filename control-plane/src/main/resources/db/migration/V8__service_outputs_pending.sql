-- A service-hosted attempt (EMR, EMR Serverless) leaves its driver log and event log where its
-- service wrote them; the control plane brings them in once the service has written them for the
-- last time, which may be minutes after the attempt ended. True from when its cluster is recorded
-- until then.
alter table run_attempt add column outputs_pending boolean not null default false;
