import { describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories } from './fixtures.js';

describe.each(backends)('DeliveryRepository on %s', (backend) => {
  const r = useRepositories(backend);

  it('rolls the worst delivery status of split SMS parts up to the message', async () => {
    const { conversationId } = await r.messages.recordInbound(inbound('SM-deliv-1'));
    const out = await r.messages.recordOutbound({
      conversationId,
      channelId: 'sms',
      author: 'bot',
      text: 'a long reply',
    });
    await r.deliveries.recordDeliveries(out.id, 'sms', ['SMpart1', 'SMpart2'], 'sent');
    expect((await r.messages.getMessage(out.id))?.status).toBe('sent');
    await r.deliveries.updateDelivery('sms', 'SMpart1', 'delivered', null);
    expect((await r.messages.getMessage(out.id))?.status).toBe('sent');
    await r.deliveries.updateDelivery('sms', 'SMpart2', 'undelivered', '30003');
    const message = await r.messages.getMessage(out.id);
    expect(message?.status).toBe('undelivered');
    expect(message?.status_detail).toBe('30003');
    expect(await r.deliveries.updateDelivery('sms', 'SM-unknown', 'delivered', null)).toBeUndefined();
  });
});
