-- Who may call a backend's provision for an attempt right now: a replica takes a short lease
-- before provisioning, so two replicas never provision the same attempt at once.
alter table run_attempt add column provision_lease_until timestamptz;
