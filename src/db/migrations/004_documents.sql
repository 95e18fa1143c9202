-- Letters and information documents in the customer's format (seeds 000/001/002: large
-- print, easy read, braille, audio, another language), and the work people do for the
-- formats the gateway cannot make itself.

-- One issued document: what it is, for whom, in which language and format, and the facts
-- it was written from (a letter reads the same each time it is opened). It is rendered on
-- request at an unguessable address; only a hash of the link's token is kept, so the table
-- alone cannot open a document.
create table documents (
  id uuid primary key,
  token_hash text not null unique,
  case_id uuid references cases (id),
  customer_id uuid references customers (id),
  kind text not null check (kind in (
    'acknowledgement', 'stage1_response', 'stage2_response', 'extension_notice', 'ftf_confirmation',
    'complaints_procedure', 'service_standards', 'privacy_notice')),
  language text not null,
  format text not null check (format in ('standard', 'large_print', 'easy_read')),
  facts jsonb not null default '{}',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index documents_case on documents (case_id, created_at);
create index documents_customer on documents (customer_id, created_at);

-- Braille, audio, BSL, an interpreter or a translation we have no words for: made by the
-- accessibility team, each with its own due date (the pack's letter standard), visible to staff.
create table fulfilment_tasks (
  id uuid primary key,
  case_id uuid references cases (id),
  customer_id uuid references customers (id),
  -- a document kind above, or 'other' for a document named in the customer's words
  kind text not null,
  description text,
  format text not null check (format in ('braille', 'audio', 'bsl', 'interpreter', 'another_language')),
  -- a language code, or the customer's words when we cannot name it ("Turkish")
  language text not null,
  due_at timestamptz not null,
  basis text not null,
  status text not null default 'open' check (status in ('open', 'done')),
  done_at timestamptz,
  done_by text,
  created_at timestamptz not null default now()
);
create index fulfilment_tasks_open on fulfilment_tasks (due_at) where status = 'open';
create index fulfilment_tasks_case on fulfilment_tasks (case_id);
