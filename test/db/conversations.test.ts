import { describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories } from './fixtures.js';

describe.each(backends)('ConversationRepository on %s', (backend) => {
  const r = useRepositories(backend);

  it('opens a conversation the customer has not written in yet once, with no last inbound time', async () => {
    const a = await r.conversations.ensureConversation('messenger', 'psid-1', 'page-1');
    const b = await r.conversations.ensureConversation('messenger', 'psid-1', 'page-1');
    expect(b.id).toBe(a.id);
    expect(a.last_inbound_at).toBeNull();
    expect((await r.conversations.findConversation('messenger', 'psid-1')).map((c) => c.id)).toEqual([a.id]);
  });

  it('merges entries under one key of the channel data, keeping those already there', async () => {
    const { conversationId } = await r.messages.recordInbound(inbound('SM-data-1', 'hi', '+447700900801'));
    await r.conversations.mergeChannelData(conversationId, { window: { opened: 'x' } });
    await r.conversations.mergeChannelDataEntries(conversationId, 'window', { a: 1 });
    await r.conversations.mergeChannelDataEntries(conversationId, 'window', { b: 2 });
    expect((await r.conversations.getConversation(conversationId))?.channel_data).toEqual({
      window: { opened: 'x', a: 1, b: 2 },
    });
    await r.conversations.mergeChannelData(conversationId, { window: 'replaced whole' });
    expect((await r.conversations.getConversation(conversationId))?.channel_data).toEqual({ window: 'replaced whole' });
  });

  it('records who holds a conversation, its language and an opt-out by address', async () => {
    const { conversationId } = await r.messages.recordInbound(inbound('SM-hold-1', 'STOP', '+447700900802'));
    await r.conversations.setHandoff(conversationId, 'staff', 'staff:U1');
    await r.conversations.setConversationLocale(conversationId, 'cy');
    await r.conversations.setOptOut('sms', '+447700900802', true);
    expect(await r.conversations.getConversation(conversationId)).toMatchObject({
      handoff_state: 'staff',
      assignee: 'staff:U1',
      locale: 'cy',
      opted_out: true,
    });
  });
});
