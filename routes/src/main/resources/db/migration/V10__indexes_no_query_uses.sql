-- Indexes no query of the hub uses. Every commit writes the changed pages of every index it
-- touched (with the embedded H2, a new copy of each page on the path to the root), so an unused
-- index costs every message a write for nothing. The profile found the database writing its
-- pages to be the largest part of the hub's work (docs/performance.md).
-- Deliveries are found by id (the primary key) and by message (the unique message and recipient
-- pair), never by recipient and status, and never by exchange without the message.
drop index delivery_by_recipient_status;
drop index delivery_by_exchange;
-- The audit trail is appended in time order: its ids grow with time, so a time range is an id
-- range; the hub itself never reads it by time.
drop index audit_event_by_time;
