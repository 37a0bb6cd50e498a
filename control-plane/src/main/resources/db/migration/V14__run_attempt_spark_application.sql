-- The Spark application an attempt ran, as its event log in staging's history/ names it (Spark's
-- application id, and its attempt id where the cluster manager gives one: YARN in cluster mode), so a
-- run can link to its page on a Spark History Server. Written with plain updates when the event log
-- is copied to history/ (the engine's upload, or the control plane's copy for service-hosted backends);
-- null until then, and for an attempt that left no event log there.
alter table run_attempt add column spark_app_id text, add column spark_app_attempt_id text;
