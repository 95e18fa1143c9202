import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, OfficialClient } from './helpers/official-client.js';
import { type TestGateway, startGateway, testSecret } from './helpers/server.js';

// The "bot" here is EchoBot (helpers/server.ts): it stands in for the real bot and the
// turn pipeline, replying "You said: X" through the channel's own send().

describe('the official botframework-directlinejs client', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('holds a conversation with the bot over the WebSocket stream, buttons included', async () => {
    const minted = await fetch(`${gateway.baseUrl}/webchat/token`, { method: 'POST' });
    const { token } = (await minted.json()) as { token: string };
    const client = new OfficialClient(gateway.baseUrl, { token });
    try {
      const id = await client.say('hello');
      await client.until((all) => all.some((a) => a.type === 'message' && a.text === 'You said: hello'));
      await client.say('choices');
      const all = await client.until((list) => list.length >= 4);
      const withButtons = all.find((a) => a.type === 'message' && a.text === 'You said: choices');

      expect(client.texts()).toEqual(['hello', 'You said: hello', 'choices', 'You said: choices']);
      expect(gateway.upgrades()).toBeGreaterThan(0);
      expect(all.find((a) => a.type === 'message' && a.text === 'hello')?.id).toBe(id);
      expect(all.find((a) => a.type === 'message' && a.text === 'You said: hello')?.from).toMatchObject({
        id: 'bot',
        role: 'bot',
      });
      expect(withButtons?.type === 'message' ? withButtons.suggestedActions?.actions : undefined).toEqual([
        { type: 'imBack', title: 'Repair', value: 'repair' },
        { type: 'imBack', title: 'Complaint', value: 'complaint' },
      ]);
      expect(gateway.bot.accepted.map((m) => [m.text, m.locale, m.to])).toEqual([
        ['hello', 'en-GB', 'bot'],
        ['choices', 'en-GB', 'bot'],
      ]);
    } finally {
      client.end();
    }
  });

  it('keeps two conversations held in parallel apart', async () => {
    const alice = new OfficialClient(gateway.baseUrl, { secret: testSecret });
    const bob = new OfficialClient(gateway.baseUrl, { secret: testSecret });
    try {
      await Promise.all([alice.say('my boiler is broken'), bob.say('there is mould in the bathroom')]);
      await Promise.all([alice.say('no heating'), bob.say('and a leak')]);
      await alice.until((all) => all.length >= 4);
      await bob.until((all) => all.length >= 4);

      expect(alice.texts()).toEqual([
        'my boiler is broken',
        'You said: my boiler is broken',
        'no heating',
        'You said: no heating',
      ]);
      expect(bob.texts()).toEqual([
        'there is mould in the bathroom',
        'You said: there is mould in the bathroom',
        'and a leak',
        'You said: and a leak',
      ]);
      const aliceConversation = alice.received[0]?.conversation?.id;
      expect(aliceConversation).toBeDefined();
      expect(bob.received.every((a) => a.conversation?.id !== aliceConversation)).toBe(true);
    } finally {
      alice.end();
      bob.end();
    }
  });

  it('resumes a conversation from its id and token after a reload', async () => {
    const first = new OfficialClient(gateway.baseUrl, { secret: testSecret });
    let conversationId = '';
    try {
      await first.say('first visit');
      const all = await first.until((list) =>
        list.some((a) => a.type === 'message' && a.text === 'You said: first visit'),
      );
      conversationId = all[0]?.conversation?.id ?? '';
    } finally {
      first.end();
    }
    // A token for the same conversation, as the page keeps in localStorage.
    const start = await fetch(`${gateway.baseUrl}/v3/directline/conversations/${conversationId}`, {
      headers: { authorization: `Bearer ${testSecret}` },
    });
    const { token } = (await start.json()) as { token: string };

    const second = new OfficialClient(gateway.baseUrl, { token, conversationId });
    try {
      await second.status(ConnectionStatus.Online);
      await second.say('back again');
      await second.until((list) => list.length >= 4);
      expect(second.texts()).toEqual(['first visit', 'You said: first visit', 'back again', 'You said: back again']);
    } finally {
      second.end();
    }
  });
});
