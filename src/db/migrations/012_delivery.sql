-- Issue 15 items 6 and 7: notices and letters go by the contact method the customer chose
-- (docs/rules/delivery.md#by-contact-method), and the nation comes from the postcode
-- (docs/rules/nations.md#nation-by-postcode).

-- The nation of the home: england, wales, scotland or northern_ireland; null while unknown
-- (a district that straddles a border waits for a colleague). uk_division (001) follows it.
alter table customers add column country text
  check (country in ('england', 'wales', 'scotland', 'northern_ireland'));
-- How the division and country were decided: "postcode area EH", "border district SY22:
-- to confirm", "UK_DIVISION default", "confirmed by staff:U123".
alter table customers add column division_basis text;

-- People's work now includes printing and posting a letter, and calling a customer who asked
-- to be phoned (docs/rules/delivery.md#by-contact-method).
alter table fulfilment_tasks drop constraint if exists fulfilment_tasks_format_check;
alter table fulfilment_tasks add constraint fulfilment_tasks_format_check
  check (format in ('braille', 'audio', 'bsl', 'interpreter', 'another_language', 'print', 'phone_call'));

-- Every notice and letter to a customer, by the route it took: email (sent by a queue job
-- that retries through an SMTP outage), letter (queued for the day's print batch), phone (a
-- colleague's call task) or chat (the channel the case came from: by choice or as the
-- fallback, with the reason). One row per notice: the key makes a retried job deliver once.
create table customer_deliveries (
  id uuid primary key,
  case_id uuid references cases (id),
  customer_id uuid references customers (id),
  key text not null unique,
  -- the contact method the customer chose, when it was chosen
  preferred text,
  route text not null check (route in ('email', 'letter', 'phone', 'chat')),
  -- queued: waiting for the mail job or the print batch; sent: handed over (SMTP accepted it,
  -- the chat message was queued, the call task opened); batched: in a print batch;
  -- failed: could not go by its route and did not fall back
  status text not null default 'queued' check (status in ('queued', 'sent', 'batched', 'failed')),
  -- why it went by chat instead of the chosen method (no SMTP set up, no email address, send failed...)
  fallback_reason text,
  -- the email address, postal address or phone number it went to
  recipient text,
  document_id uuid references documents (id),
  language text not null,
  subject text,
  body text not null,
  attempts int not null default 0,
  last_error text,
  provider_message_id text,
  batch_id uuid,
  task_id uuid,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index customer_deliveries_case on customer_deliveries (case_id, created_at);
create index customer_deliveries_print on customer_deliveries (created_at) where route = 'letter' and status = 'queued';

-- One print run a day: the PDFs written for it and where (docs/rules/delivery.md#letters-by-post).
create table print_batches (
  id uuid primary key,
  batch_date date not null unique,
  directory text not null,
  letters int not null,
  created_at timestamptz not null default now()
);
