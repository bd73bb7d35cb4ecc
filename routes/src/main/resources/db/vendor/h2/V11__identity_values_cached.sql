-- H2 only (Flyway's location db/vendor/{vendor}). When an identity column's cached values run out,
-- H2 records the sequence's new high mark in a commit of its own, a write of the whole database
-- store: with its default of 32 values that was an eighth of the database writer's time in the
-- benchmark (audit lines and exchange events take three values per message). A thousand values
-- make it rare; a crash skips at most the unused rest, and these ids only have to grow.
-- (Not for PostgreSQL: there the cache is per connection, and exchange_event.seq must grow in the
-- order of the commits, for the order of an exchange's events.)
alter table audit_event alter column id set cache 1000;
alter table exchange_event alter column seq set cache 1000;
