-- Issue 14: the core names no provider. "Reply where I wrote" is one contact method, `chat`,
-- whichever channel the customer wrote on (the conversation says which); Messenger's own
-- value goes.
update customers set contact_method = 'chat' where contact_method = 'messenger';
alter table customers drop constraint if exists customers_contact_method_check;
alter table customers add constraint customers_contact_method_check
  check (contact_method in ('sms', 'phone', 'email', 'letter', 'chat'));
