-- The artifacts uploaded through the API, so that they can be listed by workspace and name. The bytes
-- stay where they are, in the workspace's staging under their hash; this is the catalogue of them.
-- One row per workspace and hash: the same bytes uploaded again under another name keep their row,
-- with the newest name and upload time.
create table artifact (
    workspace_id      text not null references workspace (id),
    sha256            text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    size              bigint not null check (size >= 0),
    name              text not null,
    uri               text not null,
    created_at        timestamptz not null,
    last_uploaded_at  timestamptz not null,
    uploaded_by       text not null,
    primary key (workspace_id, sha256)
);
-- newest first, with keyset pagination (created_at never changes, so pages do not shift)
create index artifact_created on artifact (created_at desc, workspace_id desc, sha256 desc);
