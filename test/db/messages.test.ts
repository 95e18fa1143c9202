import { describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories } from './fixtures.js';

describe.each(backends)('MessageRepository on %s', (backend) => {
  const r = useRepositories(backend);

  it('stores a retried webhook once and says it was a duplicate', async () => {
    const first = await r.messages.recordInbound(inbound('SM-dup-1'));
    const again = await r.messages.recordInbound(inbound('SM-dup-1'));
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ ...first, duplicate: true, storedAt: expect.any(String) });
    const messages = await r.messages.listMessages(first.conversationId);
    expect(messages.filter((m) => m.provider_message_id === 'SM-dup-1')).toHaveLength(1);
  });

  it('stores a burst of webhooks in one batch: each once, in arrival order, each in its own conversation', async () => {
    const earlier = await r.messages.recordInbound(inbound('SM-batch-0', 'first text', '+447700900701'));
    const results = await r.messages.recordInboundBatch([
      inbound('SM-batch-1', 'second text', '+447700900701'),
      inbound('SM-batch-2', 'other customer', '+447700900702'),
      inbound('SM-batch-0', 'first text', '+447700900701'), // Twilio's retry of a stored message
      inbound('SM-batch-3', 'third text', '+447700900701'),
      inbound('SM-batch-2', 'other customer', '+447700900702'), // and a retry inside the same burst
    ]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false, true, false, true]);
    expect(results[2]).toEqual({ ...earlier, duplicate: true, status: 'received', storedAt: expect.any(String) });
    expect(results[4]?.messageId).toBe(results[1]?.messageId);
    expect(results[0]?.conversationId).toBe(earlier.conversationId);
    expect(results[3]?.conversationId).toBe(earlier.conversationId);
    expect(results[1]?.conversationId).not.toBe(earlier.conversationId);
    const texts = (await r.messages.listMessages(earlier.conversationId)).map((m) => m.text);
    expect(texts).toEqual(['first text', 'second text', 'third text']);
    expect((await r.messages.listMessages(results[1]!.conversationId)).map((m) => m.text)).toEqual(['other customer']);
  });

  it("keeps one conversation per customer address and keeps the customer's words exactly", async () => {
    const words = 'Ive ben waiting 3 WEEKS for sum1 to fix the leak!!! <not happy>';
    const a = await r.messages.recordInbound(inbound('SM-conv-1', words, '+447700900555'));
    const b = await r.messages.recordInbound(inbound('SM-conv-2', 'hello?', '+447700900555'));
    expect(b.conversationId).toBe(a.conversationId);
    const [first, second] = await r.messages.listMessages(a.conversationId);
    expect(first?.text).toBe(words);
    expect(second?.text).toBe('hello?');
    expect(await r.messages.pendingInbound(a.conversationId)).toHaveLength(2);
  });
});
