-- The system of record. Every customer contact, consent and change to a case is kept
-- here; the audit trail (case_events) is append-only so a manager can show the
-- Housing Ombudsman what happened and when.

create table customers (
  id uuid primary key,
  name text,
  -- seed 000/001: the preferred format, language and contact method drive every later message and letter
  preferred_language text not null default 'en',
  preferred_format text not null default 'standard'
    check (preferred_format in ('standard', 'large_print', 'easy_read', 'braille', 'audio', 'another_language', 'interpreter', 'bsl')),
  contact_method text check (contact_method in ('sms', 'phone', 'email', 'letter', 'chat', 'messenger')),
  uk_division text not null default 'england-and-wales'
    check (uk_division in ('england-and-wales', 'scotland', 'northern-ireland')),
  phone text,
  email text,
  postcode text,
  tenancy_ref text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One customer can reach us on several channels.
create table customer_addresses (
  channel_id text not null,
  address text not null,
  customer_id uuid not null references customers (id),
  created_at timestamptz not null default now(),
  primary key (channel_id, address)
);
create index customer_addresses_customer on customer_addresses (customer_id);

create table conversations (
  id uuid primary key,
  channel_id text not null,
  address text not null,
  our_address text not null,
  customer_id uuid references customers (id),
  -- bot: the dialogs answer; queued: waiting for a colleague; staff: a colleague has it
  handoff_state text not null default 'bot' check (handoff_state in ('bot', 'queued', 'staff')),
  assignee text,
  locale text,
  opted_out boolean not null default false,
  last_inbound_at timestamptz,
  channel_data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (channel_id, address, our_address)
);
create index conversations_customer on conversations (customer_id);

create table cases (
  id uuid primary key,
  reference text not null unique,
  kind text not null check (kind in ('enquiry', 'first_time_fix', 'formal_complaint', 'emergency')),
  stage text not null check (stage in ('none', 'first_time_fix', 'stage1', 'stage2')),
  status text not null default 'open' check (status in ('open', 'resolved', 'closed', 'withdrawn', 'refused')),
  priority text not null default 'normal' check (priority in ('normal', 'urgent', 'emergency')),
  category text,
  team text,
  assignee text,
  stage1_handler text,
  stage2_handler text,
  flags text[] not null default '{}',
  policy_pack text not null,
  customer_id uuid references customers (id),
  conversation_id uuid references conversations (id),
  channel_id text not null,
  -- the customer's own words, never paraphrased
  customer_words text not null,
  desired_outcome text,
  started_when text,
  -- seed 004: a representative may act for the customer with the customer's consent
  representative jsonb,
  classification jsonb,
  complaint_offered boolean not null default false,
  complaint_offer_choice text,
  received_at timestamptz not null,
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  resolution jsonb,
  -- the inbound message whose turn created the case: a replayed turn finds it instead of making another
  origin_message_id uuid unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cases_customer on cases (customer_id);
create index cases_open on cases (status, kind) where status = 'open';

-- Human references: CMP-2026-000123, counted per prefix and year.
create table reference_counters (
  prefix text not null,
  year int not null,
  last_value int not null,
  primary key (prefix, year)
);

-- Each clock a case runs against, with its extension and the reason for it.
create table case_clocks (
  case_id uuid not null references cases (id),
  name text not null,
  due_at timestamptz not null,
  original_due_at timestamptz not null,
  remind_at timestamptz,
  basis text not null,
  extended_working_days int not null default 0,
  extension_reason text,
  status text not null default 'running' check (status in ('running', 'met', 'breached', 'cancelled')),
  met_at timestamptz,
  breached_at timestamptz,
  primary key (case_id, name)
);
create index case_clocks_running on case_clocks (due_at) where status = 'running';

create table messages (
  id uuid primary key,
  -- arrival order within a conversation: turns and sends are drained in this order
  seq bigint generated always as identity,
  conversation_id uuid not null references conversations (id),
  case_id uuid references cases (id),
  direction text not null check (direction in ('inbound', 'outbound')),
  channel_id text not null,
  -- inbound: the provider's id, unique per channel so a retried webhook is stored once
  provider_message_id text,
  author text not null,
  text text not null,
  media jsonb not null default '[]',
  locale text,
  status text not null,
  status_detail text,
  choices jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (channel_id, provider_message_id)
);
create index messages_conversation on messages (conversation_id, seq);
create index messages_pending on messages (conversation_id, seq) where status in ('received', 'queued');
create index messages_case on messages (case_id);

-- One outbound message may go as several provider messages (SMS segments split by us).
create table message_deliveries (
  channel_id text not null,
  provider_message_id text not null,
  message_id uuid not null references messages (id),
  status text not null,
  error_code text,
  updated_at timestamptz not null default now(),
  primary key (channel_id, provider_message_id)
);
create index message_deliveries_message on message_deliveries (message_id);

-- UK GDPR: each consent with what was agreed, the wording version, when and where. Append-only:
-- a withdrawal is a new row with granted = false.
create table consents (
  id uuid primary key,
  customer_id uuid references customers (id),
  case_id uuid references cases (id),
  conversation_id uuid references conversations (id),
  kind text not null check (kind in ('data_protection', 'representative', 'record_as_complaint')),
  wording_version text not null,
  granted boolean not null,
  channel_id text not null,
  details jsonb not null default '{}',
  recorded_at timestamptz not null default now()
);
create index consents_customer on consents (customer_id, kind, recorded_at);

-- Append-only audit of every change to a case and who made it.
create table case_events (
  id bigint generated always as identity primary key,
  case_id uuid not null references cases (id),
  actor text not null,
  type text not null,
  data jsonb not null default '{}',
  at timestamptz not null default now()
);
create index case_events_case on case_events (case_id, id);

create function forbid_change() returns trigger language plpgsql as $$
begin
  raise exception 'case_events is append-only';
end $$;
create trigger case_events_append_only before update or delete on case_events
  for each row execute function forbid_change();
