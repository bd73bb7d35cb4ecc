-- Alerts: an authority informs many. The directory says which authorities handle which policy
-- areas; an alert's audience is resolved from it and kept as the exchange's members.
alter table authority add column policy_areas varchar(1000) default '' not null;

alter table exchange add column kind varchar(20) default 'REQUEST' not null;

-- Who takes part in an alert besides its author: the recipients the audience resolved to, and
-- those a recipient disseminated it to.
create table exchange_member (
  exchange_id   varchar(100) not null,
  authority_id  varchar(42)  not null,
  added_by      varchar(100) not null,
  primary key (exchange_id, authority_id)
);
