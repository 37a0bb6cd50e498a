-- API tokens: a secret is shown once, at creation; only its SHA-256 is kept (the secret is 32
-- random bytes, so a fast hash is enough: there is nothing to guess a dictionary from).
-- workspaces: the ids a non-admin token may act in (an admin token sees them all).
create table api_token (
    id uuid primary key,
    name text not null,
    description text,
    role text not null check (role in ('admin', 'editor', 'viewer')),
    workspaces jsonb not null,
    secret_hash text not null unique,
    prefix text not null,
    created_at timestamptz not null,
    created_by uuid,
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz
);

-- Every mutating API call: who, what, on which object, when, from where, and how it ended.
-- Append-only: the control plane never updates or deletes a row (see docs/security.md).
create table audit_record (
    id bigserial primary key,
    at timestamptz not null,
    subject text not null,
    token_id uuid,
    action text not null,
    object_type text not null,
    object_id text,
    workspace_id text,
    status integer not null,
    outcome text not null,
    source_address text
);
create index audit_record_at on audit_record (at desc, id desc);

create rule audit_record_no_update as on update to audit_record do instead nothing;
create rule audit_record_no_delete as on delete to audit_record do instead nothing;
