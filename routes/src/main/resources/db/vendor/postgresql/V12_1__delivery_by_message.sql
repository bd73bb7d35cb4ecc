-- PostgreSQL only (Flyway's location db/vendor/{vendor}): V12 dropped the unique (message_id,
-- recipient) whose index found a message's deliveries; H2 has an index for the foreign key, this
-- is PostgreSQL's.
create index delivery_by_message on delivery (message_id);
