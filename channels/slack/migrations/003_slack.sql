-- Slack, where colleagues see cases and talk to customers (docs/contracts.md#queues: the handoff queue).

-- Every message the gateway posts to Slack, under a key derived from the job that posted it:
-- a retried job finds its post here and never posts a second card or a second line.
create table slack_posts (
  key text primary key,
  channel text not null,
  ts text not null,
  created_at timestamptz not null default now()
);

-- A card's thread, and the case and conversation it is about. A colleague's reply in the
-- thread is found here by (channel, thread_ts) and goes to that customer. A case may have
-- several cards (stage 1 in the complaints channel, stage 2 with senior managers); a live
-- handoff before any case has a card with no case.
create table slack_threads (
  channel text not null,
  thread_ts text not null,
  case_id uuid references cases (id),
  conversation_id uuid references conversations (id),
  -- the @here/@channel the card was posted with, kept so an update does not drop it
  mention text,
  -- why a live handoff card was posted (customer_asked, emergency...), so an update says it again
  reason text,
  created_at timestamptz not null default now(),
  primary key (channel, thread_ts)
);
create index slack_threads_case on slack_threads (case_id, created_at);
create index slack_threads_conversation on slack_threads (conversation_id, created_at);

-- Customer messages that arrived while a colleague had the conversation: shown in the
-- thread in arrival order, each once.
create table slack_relay (
  message_id uuid primary key references messages (id),
  conversation_id uuid not null references conversations (id),
  posted_at timestamptz,
  created_at timestamptz not null default now()
);
create index slack_relay_pending on slack_relay (conversation_id) where posted_at is null;
