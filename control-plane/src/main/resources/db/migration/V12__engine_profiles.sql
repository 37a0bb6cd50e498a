-- Engine profiles made through the API (beside those of the configuration, which are not stored):
-- every replica reads them, and a changed revision makes it configure the profile again.
create table engine_profile (
    name         text primary key,
    type         text not null,
    settings     jsonb not null,
    description  text,
    revision     bigint not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
