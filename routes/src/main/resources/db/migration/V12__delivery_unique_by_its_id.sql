-- A delivery's id is its message's id and its recipient's, joined by '~' (ExchangeBook.deliveryId;
-- an authority id has no '~'), so the primary key already allows one delivery per message and
-- recipient. The unique constraint said it again, with an index of its own whose keys (message ids)
-- are random: on H2 every booked delivery rewrote a leaf page of it at the commit, an eighth of the
-- bytes the hot path's commits wrote (measured outside the hub: docs/performance.md). Deliveries
-- are still found by their message: on H2 through the index it keeps for the foreign key, on
-- PostgreSQL through delivery_by_message (db/vendor/postgresql), which does not index foreign keys
-- on its own.
alter table delivery drop constraint delivery_once_per_recipient;
