-- Each try at handing an outbound message (one part of it, for a split SMS) to a provider,
-- written before the request goes out. A worker that dies after the provider accepted the
-- message but before its delivery was recorded leaves an attempt with an unknown outcome:
-- the retry looks the message up at the provider before sending, so the customer never
-- gets it twice (channels/twilio/send.ts).
create table send_attempts (
  id uuid primary key,
  message_id uuid not null references messages (id),
  part int not null,
  channel_id text not null,
  recipient text not null,
  started_at timestamptz not null default now(),
  -- unknown: no answer yet (or the answer was lost); accepted: the provider took it;
  -- refused: the provider said no (nothing was sent); found / not_found: settled by a look-up
  outcome text not null default 'unknown' check (outcome in ('unknown', 'accepted', 'refused', 'found', 'not_found')),
  provider_message_id text,
  finished_at timestamptz
);
create index send_attempts_unknown on send_attempts (message_id, part) where outcome = 'unknown';
