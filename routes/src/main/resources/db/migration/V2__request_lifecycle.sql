-- The request lifecycle. Ingest now writes the exchange together with the message, in one
-- transaction, so every action is checked against the state it changes.
alter table exchange rename column initiator to requester;
alter table exchange add column responder varchar(42);
alter table exchange add column reply_by date;
alter table exchange add column proposed_reply_by date;
alter table exchange add column proposed_by varchar(42);
-- Optimistic locking: two parties acting at once cannot both move the same state.
alter table exchange add column version integer default 0 not null;
update exchange set state = 'SENT' where state = 'OPEN';

-- Every step of an exchange: which message did what, by whom, from which state to which.
create table exchange_event (
  message_id   varchar(100) primary key references message (id),
  exchange_id  varchar(100) not null,
  -- the exchange's version after this step: events are ordered by it, one per version
  version      integer      not null,
  action       varchar(40)  not null,
  actor        varchar(42)  not null,
  from_state   varchar(30),
  to_state     varchar(30)  not null,
  at           timestamp with time zone not null
);
create unique index exchange_event_by_exchange on exchange_event (exchange_id, version);
