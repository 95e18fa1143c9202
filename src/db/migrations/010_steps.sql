-- Remedies (issue 15 item 10; docs/rules/responses.md#remedies; Code 2024 section 7; seed 004
-- monitors compensation): what was offered to put a complaint right, with the amount of any
-- compensation and whether it has been paid. One row per remedy; "paid" is set once.
create table case_remedies (
  id uuid primary key,
  case_id uuid not null references cases (id),
  kind text not null check (kind in ('apology', 'repair', 'compensation', 'other')),
  amount_pence int check (amount_pence is null or amount_pence >= 0),
  paid_at timestamptz,
  note text not null default '',
  recorded_by text not null,
  recorded_at timestamptz not null default now()
);
create index case_remedies_case on case_remedies (case_id, recorded_at);
