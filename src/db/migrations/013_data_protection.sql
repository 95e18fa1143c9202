-- Data protection (issue 16; docs/rules/data-protection.md): the privacy notice told rather
-- than asked, requests under the customer's rights as cases of their own, withdrawals of
-- consent, the audit of exports and erasures, and anonymisation by the retention schedule.

-- A request under UK GDPR Arts 15-22 is worked like a case, on its own one-calendar-month
-- clock (Art. 12(3)): a subject access request, or a request to erase.
alter table cases drop constraint if exists cases_kind_check;
alter table cases add constraint cases_kind_check
  check (kind in ('enquiry', 'first_time_fix', 'formal_complaint', 'emergency', 'subject_access', 'erasure_request'));

-- The privacy notice as given (Art. 13): what was said, which wording, on which channel, and
-- what the customer answered. Handling a complaint or a repair does not rest on consent, so
-- this is a record that they were told, not a consent; the answer is kept because the customer
-- gave one ("no" still lets them complain).
create table privacy_notices (
  id uuid primary key,
  customer_id uuid references customers (id),
  conversation_id uuid references conversations (id),
  -- what the details were for (complaint_handling, repair_handling...), from the policy pack
  purpose text not null,
  -- the lawful basis the pack names for that purpose (legal_obligation, legitimate_interests...)
  lawful_basis text not null,
  wording_version text not null,
  channel_id text not null,
  language text not null,
  response text not null check (response in ('acknowledged', 'declined', 'went_ahead', 'stopped')),
  given_at timestamptz not null default now()
);
create index privacy_notices_customer on privacy_notices (customer_id, given_at);
create index privacy_notices_conversation on privacy_notices (conversation_id, given_at);

-- Who withdrew a consent, as they said it, is kept on the consent row itself (a withdrawal is
-- a new row with granted = false); these say how it was made.
alter table consents add column withdrawal boolean not null default false;
alter table consents add column actor text;

-- An append-only trail of what was done under the data protection rules: exports, erasures
-- (and refusals), withdrawals, and each retention run. It never holds the data it is about:
-- ids, counts, reasons and times only.
create table data_protection_audit (
  id bigint generated always as identity primary key,
  action text not null check (action in (
    'subject_access_export', 'erasure', 'erasure_refused', 'consent_withdrawn', 'retention_anonymised',
    'rights_request_extended')),
  actor text not null,
  customer_id uuid,
  case_id uuid,
  details jsonb not null default '{}',
  at timestamptz not null default now()
);
create index data_protection_audit_customer on data_protection_audit (customer_id, id);
create trigger data_protection_audit_append_only before update or delete on data_protection_audit
  for each row execute function forbid_change();

-- What the retention schedule or an erasure has anonymised, and when; counts and timings stay.
alter table customers add column anonymised_at timestamptz;
alter table conversations add column anonymised_at timestamptz;
alter table cases add column anonymised_at timestamptz;
alter table messages add column anonymised_at timestamptz;
create index cases_closed_not_anonymised on cases (closed_at) where anonymised_at is null;

-- case_events stays append-only, except that anonymisation may blank what an event says about
-- a person: only inside a transaction that set intake.anonymising, and only its data.
create or replace function forbid_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and tg_table_name = 'case_events'
     and coalesce(current_setting('intake.anonymising', true), '') = 'on'
     and new.id = old.id and new.case_id = old.case_id and new.type = old.type and new.at = old.at then
    return new;
  end if;
  raise exception '% is append-only', tg_table_name;
end $$;
