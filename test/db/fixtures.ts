import { afterAll, beforeAll } from 'vitest';
import { CaseClockRepository } from '../../src/db/case-clocks.js';
import { CaseEventRepository } from '../../src/db/case-events.js';
import { CaseRepository } from '../../src/db/cases.js';
import { ConversationRepository } from '../../src/db/conversations.js';
import { CustomerRepository } from '../../src/db/customers.js';
import type { Database } from '../../src/db/database.js';
import { DeliveryRepository } from '../../src/db/deliveries.js';
import { MessageRepository, type OutboundStatusOptions } from '../../src/db/messages.js';
import { openTestDatabase, type Backend, type TestDatabase } from '../helpers/db.js';

/** An SMS as Twilio's webhook gives it, after parsing. */
export const inbound = (providerMessageId: string, text = 'my boiler is broken again', from = '+447700900123') => ({
  channelId: 'sms' as const,
  providerMessageId,
  from,
  to: '+447700900000',
  text,
  media: [],
  receivedAt: new Date('2026-11-20T10:00:00Z').toISOString(),
});

export interface Repositories {
  db: Database;
  conversations: ConversationRepository;
  messages: MessageRepository;
  deliveries: DeliveryRepository;
  customers: CustomerRepository;
  cases: CaseRepository;
  clocks: CaseClockRepository;
  events: CaseEventRepository;
}

/** Each repository over one fresh, migrated database for the describe block; read it inside tests. */
export function useRepositories(backend: Backend, options: OutboundStatusOptions = {}): Repositories {
  let t: TestDatabase | undefined;
  const repositories = {} as Repositories;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
    Object.assign(repositories, {
      db: t.db,
      conversations: new ConversationRepository(t.db),
      messages: new MessageRepository(t.db, options),
      deliveries: new DeliveryRepository(t.db, options),
      customers: new CustomerRepository(t.db),
      cases: new CaseRepository(t.db),
      clocks: new CaseClockRepository(t.db),
      events: new CaseEventRepository(t.db),
    } satisfies Repositories);
  });
  afterAll(async () => {
    await t?.close();
  });
  return repositories;
}
