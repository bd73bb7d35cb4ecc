-- Roles in the directory: a country's coordinators (IMI's NIMIC and its delegates) get the
-- escalations of that country's exchanges.
alter table authority add column roles varchar(200) default '' not null;

-- One row per scheduled job: the node that holds it until a time, so that on several hub nodes
-- the job runs on one at a time.
create table scheduler_lock (
  name          varchar(100) primary key,
  locked_until  timestamp with time zone not null,
  locked_by     varchar(200) not null
);

-- The hub's own notices are messages too, but nobody gets a receipt for them.
alter table message alter column receipt drop not null;
