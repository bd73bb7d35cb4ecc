-- When the deadline watch should next look at a request: set to the moment of every step (so a
-- changed request is looked at the next minute), then by the watch to the next moment a notice
-- can fall due (a reminder window opening, a deadline passing, inactivity). Null: never again
-- (closed, declined, withdrawn, or an alert). The watch reads only the rows that are due, not
-- every ongoing request every minute.
alter table exchange add column watch_from timestamp with time zone;
update exchange set watch_from = updated_at
  where kind = 'REQUEST' and state not in ('CLOSED', 'DECLINED', 'WITHDRAWN');
create index exchange_by_watch_from on exchange (watch_from);
