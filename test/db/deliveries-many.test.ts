import { describe, expect, it } from 'vitest';
import type { OutboundStatusChange } from '../../src/db/messages.js';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories } from './fixtures.js';

describe.each(backends)('DeliveryRepository.recordDeliveriesMany on %s', (backend) => {
  const changes: OutboundStatusChange[] = [];
  const r = useRepositories(backend, { onOutboundStatus: async (change) => void changes.push(change) });

  it("records a turn's replies sent together in one statement, each once, and tells of each change", async () => {
    const { conversationId } = await r.messages.recordInbound(inbound('SM-many-1'));
    const replies = [];
    for (const text of ['first', 'second', 'third'])
      replies.push(await r.messages.recordOutbound({ conversationId, channelId: 'directline', author: 'bot', text }));
    const sends = replies.map((m, i) => ({ messageId: m.id, providerMessageIds: [`conv|000000${i + 1}`] }));

    await r.deliveries.recordDeliveriesMany('directline', sends, 'sent');
    for (const [i, reply] of replies.entries()) {
      expect((await r.messages.getMessage(reply.id))?.status).toBe('sent');
      expect(await r.deliveries.listDeliveries(reply.id)).toEqual([
        { provider_message_id: `conv|000000${i + 1}`, status: 'sent', error_code: null },
      ]);
    }
    expect(changes.map((c) => [c.messageId, c.status])).toEqual(replies.map((m) => [m.id, 'sent']));

    // Told again (a send retried after its answer was lost): nothing new, no second change.
    await r.deliveries.recordDeliveriesMany('directline', sends, 'sent');
    expect(changes).toHaveLength(3);
    expect(await r.messages.pendingOutbound(conversationId)).toEqual([]);
  });
});
