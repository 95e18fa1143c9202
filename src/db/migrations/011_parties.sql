-- Issue 15 items 3, 4 and 9: representatives as parties of their own, refusals, contact
-- restrictions (docs/rules/contacts.md#representatives, #refusal, #unacceptable-behaviour).

-- A representative (family, a friend, a support worker, an MP's or councillor's caseworker)
-- is a party to the case in their own right, never written onto the customer's record:
-- a caseworker acting for many tenants stays one party on each case, and each tenant stays
-- their own customer. The consents table keeps every consent given or withdrawn (append-only);
-- consent_status is where that stands now for this party, read before anything is sent.
create table case_parties (
  id uuid primary key,
  case_id uuid not null references cases (id),
  role text not null default 'representative' check (role in ('representative')),
  name text not null,
  relationship text,
  organisation text,
  phone text,
  email text,
  -- the conversation the representative writes from (their own channel), if any
  conversation_id uuid references conversations (id),
  consent_status text not null default 'to_confirm'
    check (consent_status in ('to_confirm', 'requested', 'confirmed', 'declined', 'withdrawn')),
  -- the customer's own conversation where they were asked to agree (SMS to their number...)
  consent_conversation_id uuid references conversations (id),
  consent_requested_at timestamptz,
  consent_decided_at timestamptz,
  consent_decided_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index case_parties_case on case_parties (case_id);
create index case_parties_conversation on case_parties (conversation_id);
create index case_parties_pending on case_parties (consent_conversation_id) where consent_status = 'requested';

-- Code 2024 section 2: a complaint is refused only for one of the pack's reasons (reports read this).
alter table cases add column refusal_reason text;

-- Unacceptable behaviour (seed 004): contact restricted only by a person, in writing, with a
-- reason, the arrangement and a review date.
create table contact_restrictions (
  id uuid primary key,
  customer_id uuid references customers (id),
  case_id uuid references cases (id),
  reason text not null,
  arrangement text not null,
  arrangement_detail text,
  review_at timestamptz not null,
  recorded_by text not null,
  status text not null default 'active' check (status in ('active', 'lifted')),
  lifted_at timestamptz,
  lifted_by text,
  created_at timestamptz not null default now()
);
create index contact_restrictions_customer on contact_restrictions (customer_id);
create index contact_restrictions_case on contact_restrictions (case_id);

-- What the bot noticed in a conversation that belongs to no case yet (abusive language):
-- it stays on the conversation where it happened, not on the customer's other cases.
alter table conversations add column flags text[] not null default '{}';

-- New letter kinds (refusal, restriction); the kind is checked by the application's schema
-- (src/documents/kinds.ts), so the column only has to hold a plain identifier.
alter table documents drop constraint if exists documents_kind_check;
alter table documents add constraint documents_kind_check check (kind ~ '^[a-z][a-z0-9_]*$');
