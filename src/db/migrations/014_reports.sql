-- Reports a landlord must publish (docs/rules/reporting.md) and the satisfaction survey of
-- complainants when a case closes (docs/rules/reporting.md#satisfaction-survey).

-- Written by the parties work (011) and the steps work (010) too; guarded here so that
-- whichever lands first, the other finds what it needs and nothing fails.
alter table cases add column if not exists refusal_reason text;

create table if not exists case_remedies (
  id uuid primary key,
  case_id uuid not null references cases (id),
  kind text not null check (kind in ('apology', 'repair', 'compensation', 'other')),
  amount_pence int check (amount_pence is null or amount_pence >= 0),
  paid_at timestamptz,
  note text not null default '',
  recorded_by text not null,
  recorded_at timestamptz not null default now()
);
create index if not exists case_remedies_case on case_remedies (case_id, recorded_at);

-- One survey per case, sent once. The row is made before anything is sent, so a retried job
-- or a second worker finds it and sends nothing; `skipped` records why none was sent.
create table survey_responses (
  case_id uuid primary key references cases (id),
  customer_id uuid references customers (id),
  conversation_id uuid references conversations (id),
  channel_id text not null,
  locale text not null,
  -- pending: made, not yet sent; asked: waiting on `question`; answered: every question done;
  -- expired: asked and chased, no answer; skipped: never sent (see skipped_reason)
  status text not null check (status in ('pending', 'asked', 'answered', 'expired', 'skipped')),
  question text check (question in ('satisfaction', 'fairness', 'comment')),
  skipped_reason text,
  sent_at timestamptz,
  chased_at timestamptz,
  satisfaction int check (satisfaction between 1 and 5),
  handled_fairly boolean,
  comment text,
  answered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index survey_responses_waiting on survey_responses (conversation_id) where status = 'asked';
create index survey_responses_answered on survey_responses (answered_at) where status = 'answered';
