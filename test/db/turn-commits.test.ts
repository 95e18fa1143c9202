import { describe, expect, it } from 'vitest';
import { TurnCommitRepository, type TurnReply } from '../../src/db/turn-commits.js';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories } from './fixtures.js';

describe.each(backends)('TurnCommitRepository on %s', (backend) => {
  const r = useRepositories(backend);

  const replies = (conversationId: string, ids: string[]): TurnReply[] =>
    ids.map((id, i) => ({
      id,
      conversationId,
      channelId: 'sms',
      caseId: null,
      author: 'bot',
      text: `reply ${i + 1}`,
      choices: i === 1 ? [{ title: 'Yes', value: 'yes' }] : [],
      locale: i === 0 ? 'cy' : null,
    }));

  it("stores a turn's replies in order and marks its message processed, in one statement, once", async () => {
    const turns = new TurnCommitRepository(r.db);
    const { conversationId, messageId } = await r.messages.recordInbound(inbound('SM-commit-1'));
    const ids = [
      '5b1f0c52-8f7e-4a59-9a43-1d0c8d6c0001',
      '5b1f0c52-8f7e-4a59-9a43-1d0c8d6c0002',
      '5b1f0c52-8f7e-4a59-9a43-1d0c8d6c0003',
    ];
    await turns.commitTurn(replies(conversationId, ids), messageId);

    expect((await r.messages.getMessage(messageId))?.status).toBe('processed');
    const pending = await r.messages.pendingOutbound(conversationId);
    expect(pending.map((m) => [m.id, m.text, m.status, m.author, m.locale])).toEqual([
      [ids[0], 'reply 1', 'queued', 'bot', 'cy'],
      [ids[1], 'reply 2', 'queued', 'bot', null],
      [ids[2], 'reply 3', 'queued', 'bot', null],
    ]);
    expect(pending[1]?.choices).toEqual([{ title: 'Yes', value: 'yes' }]);
    expect(await r.messages.pendingInbound(conversationId)).toEqual([]);

    // The turn replayed after a crash: the same replies under the same ids are stored once.
    await turns.commitTurn(replies(conversationId, ids), messageId);
    expect((await r.messages.listMessages(conversationId)).filter((m) => m.direction === 'outbound')).toHaveLength(3);
  });

  it('can store replies without marking the message yet (a notice still to come), and mark it with none', async () => {
    const turns = new TurnCommitRepository(r.db);
    const { conversationId, messageId } = await r.messages.recordInbound(
      inbound('SM-commit-2', 'hello', '+447700900456'),
    );
    await turns.commitTurn(replies(conversationId, ['5b1f0c52-8f7e-4a59-9a43-1d0c8d6c0011']), null);
    expect((await r.messages.getMessage(messageId))?.status).toBe('received');
    await turns.commitTurn([], messageId);
    expect((await r.messages.getMessage(messageId))?.status).toBe('processed');
    expect(await r.messages.pendingOutbound(conversationId)).toHaveLength(1);
  });

  it('reads back, in the same statement, the conversation and everything still to send in order: earlier replies, a replayed one, the new ones', async () => {
    const turns = new TurnCommitRepository(r.db);
    const { conversationId, messageId } = await r.messages.recordInbound(
      inbound('SM-commit-3', 'hello', '+447700900789'),
    );
    // A reply from before (a notice still queued), then the turn's own, one of them stored by an earlier run.
    const [earlier, replayed, fresh] = [
      '5b1f0c52-8f7e-4a59-9a43-1d0c8d6c0021',
      '5b1f0c52-8f7e-4a59-9a43-1d0c8d6c0022',
      '5b1f0c52-8f7e-4a59-9a43-1d0c8d6c0023',
    ];
    await turns.commitTurn(replies(conversationId, [earlier!]), null);
    await turns.commitTurn(replies(conversationId, [replayed!]), null);
    const read = await turns.commitTurn(replies(conversationId, [replayed!, fresh!]), messageId, conversationId);

    expect(read?.conversation?.id).toBe(conversationId);
    expect(read?.messages.map((m) => [m.id, m.status, m.direction])).toEqual([
      [earlier, 'queued', 'outbound'],
      [replayed, 'queued', 'outbound'],
      [fresh, 'queued', 'outbound'],
    ]);
    // What it read is what a separate read finds, row for row.
    expect(read).toEqual(await r.messages.pendingWithConversation(conversationId, 'outbound'));
    expect((await r.messages.getMessage(messageId))?.status).toBe('processed');

    // Sent ones are not pending: a commit with no replies reads back nothing to send.
    await r.deliveries.recordDeliveriesMany(
      'sms',
      read!.messages.map((m) => ({ messageId: m.id, providerMessageIds: [] })),
      'sent',
    );
    const after = await turns.commitTurn([], messageId, conversationId);
    expect(after).toMatchObject({ conversation: { id: conversationId }, messages: [] });
  });
});
