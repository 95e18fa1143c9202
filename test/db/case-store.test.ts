import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/db/case-store.js';
import { NotFoundError } from '../../src/errors.js';
import type { OutboundStatusChange } from '../../src/db/messages.js';
import { openTestDatabase } from '../helpers/db.js';
import { inbound } from './fixtures.js';

describe('CaseStore, the repositories as one object', () => {
  it("answers each repository's methods from that repository, over one database", async () => {
    const t = await openTestDatabase('pglite');
    try {
      const store = new CaseStore(t.db);
      const { conversationId } = await store.recordInbound(inbound('SM-compose-1'));
      const customer = await store.ensureCustomer(conversationId);
      expect(await store.customers.getCustomer(customer.id)).toEqual(customer);
      expect(await store.conversations.getConversation(conversationId)).toEqual(
        await store.getConversation(conversationId),
      );
      expect((await store.messages.listMessages(conversationId)).map((m) => m.text)).toEqual([
        'my boiler is broken again',
      ]);
    } finally {
      await t.close();
    }
  });

  it('tells the outbound status hook of changes made through the messages and the deliveries alike', async () => {
    const t = await openTestDatabase('pglite');
    try {
      const changes: OutboundStatusChange[] = [];
      const store = new CaseStore(t.db, { onOutboundStatus: async (change) => void changes.push(change) });
      const { conversationId } = await store.recordInbound(inbound('SM-compose-2'));
      const out = await store.recordOutbound({
        conversationId,
        channelId: 'sms',
        author: 'staff:U1',
        text: 'We are on it',
      });
      await store.recordDeliveries(out.id, 'sms', ['SMc1'], 'sent');
      await store.updateDelivery('sms', 'SMc1', 'delivered', null);
      await store.setMessageStatus(out.id, 'failed', 'gone');
      expect(changes.map((c) => c.status)).toEqual(['sent', 'delivered', 'failed']);
      expect(changes.every((c) => c.messageId === out.id && c.author === 'staff:U1')).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('says a case, customer, clock or conversation it cannot find is not found, so a caller can tell a colleague', async () => {
    const t = await openTestDatabase('pglite');
    try {
      const store = new CaseStore(t.db);
      const nobody = '00000000-0000-4000-8000-000000000000';
      await expect(store.updateCase(nobody, { assignee: 'staff:U1' }, 'staff:U1', 'claimed')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(store.updateCustomer(nobody, { name: 'Ann' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.ensureCustomer(nobody)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.extendClock(nobody, 'stage1_response', new Date(), 5, 'x', 'staff:U1')).rejects.toBeInstanceOf(
        NotFoundError,
      );
    } finally {
      await t.close();
    }
  });
});
