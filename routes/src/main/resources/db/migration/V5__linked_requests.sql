-- A responder may split questions off a request into a new request to another authority,
-- linked to the first.
alter table exchange add column linked_to varchar(100);
create index exchange_by_link on exchange (linked_to);
