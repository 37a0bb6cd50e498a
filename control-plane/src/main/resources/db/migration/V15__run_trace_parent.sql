-- The W3C traceparent of the API call that submitted the run, when the control plane traces
-- (OpenTelemetry on): each dispatch of its attempts, on any replica and after any wait in the queue,
-- is a span under it, so a run is one trace from submit to its engine's last report. Null when the
-- run was submitted untraced.
alter table run add column trace_parent text;
