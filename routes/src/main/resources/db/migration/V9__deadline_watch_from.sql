-- When the deadline watch should next look at a request: planned by every step, and again by
-- the watch after each look, as the next moment a notice can fall due (a reminder window
-- opening, a deadline passing, inactivity). Null: never (closed, declined, withdrawn, or an
-- alert). The watch reads only the rows whose moment has come, not every ongoing request.
alter table exchange add column watch_from timestamp with time zone;
update exchange set watch_from = updated_at
  where kind = 'REQUEST' and state not in ('CLOSED', 'DECLINED', 'WITHDRAWN');
create index exchange_by_watch_from on exchange (watch_from);
