-- The reconciler looks for attempts whose service outputs are pending every second; they are few,
-- the attempts many: a partial index keeps that look from reading the whole table.
create index run_attempt_outputs_pending on run_attempt (run_id, attempt) where outputs_pending;
