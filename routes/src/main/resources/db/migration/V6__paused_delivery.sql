-- Operators may pause delivery to an authority: its deliveries wait durably on
-- hub.delivery.paused until delivery resumes.
alter table authority add column paused boolean default false not null;
