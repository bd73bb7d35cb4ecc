-- The XML dialect an authority's back office speaks, when not the canonical envelope
-- (docs/dialects.md): its messages are mapped from it, its deliveries into it. Null: canonical.
alter table authority add column dialect varchar(64);
