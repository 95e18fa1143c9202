-- Files customers send (web chat uploads: photos of a repair, a letter as a PDF, a voice
-- note). Kept in the database so a landlord runs nothing else: one backup, one place to
-- answer a subject access request or an erasure from. The bytes are served only behind an
-- unguessable, expiring link (only an HMAC of its token is kept here, as for letters), and
-- nothing lists them.
create table media (
  id uuid primary key,
  token_hash text not null unique,
  channel_id text not null,
  -- the customer's address on the channel (the Direct Line conversation id)
  address text not null,
  -- the inbound message that carries the file; set once the message is stored
  message_id uuid references messages (id),
  content_type text not null,
  -- the file name the customer's device gave, for staff; never used as a path
  name text,
  size_bytes integer not null,
  sha256 text not null,
  bytes bytea not null,
  created_at timestamptz not null default now(),
  -- when the link stops working (410 Gone); the bytes stay with the message
  link_expires_at timestamptz not null
);
create index media_message on media (message_id);
create index media_address on media (channel_id, address);

-- An inbound row that is not the customer's words: 'join' is a chat client opening the
-- conversation (Web Chat's webchat/join event, a conversationUpdate). It runs a turn so the
-- bot can greet, but it has no text, never joins a case, and never shows in a transcript.
alter table messages add column kind text not null default 'message' check (kind in ('message', 'join'));
