-- An event recorded from something a provider may deliver twice (a Slack event retried
-- because we took more than 3 seconds) carries the delivery's key, and is kept once.
-- The audit trail stays append-only: a repeat is simply not inserted.
alter table case_events add column key text;
create unique index case_events_key on case_events (case_id, key) where key is not null;
