import { describe, expect, it } from 'vitest';
import { SlackStore } from '../../channels/slack/slack-store.js';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories } from '../db/fixtures.js';

describe.each(backends)("SlackStore, Slack's own tables, on %s", (backend) => {
  const r = useRepositories(backend);

  it('keeps the first post under a key, and the thread a card starts, once', async () => {
    const slack = new SlackStore(r.db);
    const { conversationId } = await r.messages.recordInbound(inbound('SM-slack-1', 'help', '+447700900901'));
    const first = await slack.recordSlackPost(
      { key: 'handoff:1', channel: 'C1', ts: '1.1' },
      { caseId: null, conversationId, reason: 'customer_asked' },
    );
    const retry = await slack.recordSlackPost(
      { key: 'handoff:1', channel: 'C1', ts: '9.9' },
      { caseId: null, conversationId },
    );
    expect(retry).toEqual(first);
    expect(await slack.getSlackPost('handoff:1')).toEqual(first);
    expect(await slack.listSlackThreadsForConversation(conversationId)).toMatchObject([
      { channel: 'C1', thread_ts: '1.1', reason: 'customer_asked' },
    ]);
    await slack.setSlackThreadPermalink('C1', '1.1', 'https://slack.example/p1');
    expect((await slack.latestSlackThreadForConversation(conversationId))?.permalink).toBe('https://slack.example/p1');
  });

  it("relays a handed-off customer's messages once each, in arrival order", async () => {
    const slack = new SlackStore(r.db);
    const a = await r.messages.recordInbound(inbound('SM-relay-1', 'first', '+447700900902'));
    const b = await r.messages.recordInbound(inbound('SM-relay-2', 'second', '+447700900902'));
    await slack.queueSlackRelay(b.messageId, b.conversationId);
    await slack.queueSlackRelay(a.messageId, a.conversationId);
    await slack.queueSlackRelay(a.messageId, a.conversationId);
    expect((await slack.pendingSlackRelay(a.conversationId)).map((m) => m.text)).toEqual(['first', 'second']);
    await slack.markSlackRelayed(a.messageId);
    expect((await slack.pendingSlackRelay(a.conversationId)).map((m) => m.text)).toEqual(['second']);
  });

  it("lists open cases with their clocks and their latest card's link", async () => {
    const slack = new SlackStore(r.db);
    const { conversationId } = await r.messages.recordInbound(inbound('SM-home-1', 'leak', '+447700900903'));
    const row = await r.cases.createCase({
      kind: 'first_time_fix',
      stage: 'first_time_fix',
      policyPack: 'code-2024',
      customerId: null,
      conversationId,
      channelId: 'sms',
      customerWords: 'leak',
      receivedAt: new Date('2026-11-20T10:00:00Z'),
      clocks: [{ name: 'ftf', dueAt: new Date('2026-11-24T17:00:00Z'), remindAt: null, basis: '2 working days' }],
      actor: 'bot',
    });
    await slack.recordSlackPost(
      { key: `case:${row.id}`, channel: 'C2', ts: '2.2' },
      { caseId: row.id, conversationId },
    );
    await slack.setSlackThreadPermalink('C2', '2.2', 'https://slack.example/p2');
    const listed = (await slack.listOpenCasesWithClocks()).find((x) => x.case.id === row.id);
    expect(listed?.permalink).toBe('https://slack.example/p2');
    expect(listed?.clocks.map((c) => c.name)).toEqual(['ftf']);
  });
});
