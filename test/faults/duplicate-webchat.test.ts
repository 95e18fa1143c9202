import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConversation, startGateway, type TestGateway } from '../directline/helpers/server.js';

let web: TestGateway;
beforeAll(async () => {
  web = await startGateway();
});
afterAll(async () => {
  await web?.close();
});

describe('a web chat reply sent again after its answer was lost (#13 item 6, web chat)', () => {
  it('is shown once: the second send finds the first', async () => {
    const { conversationId, token } = await startConversation(web.baseUrl);
    const reply = {
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channelId: 'directline' as const,
      to: conversationId,
      from: 'bot',
      text: 'Thanks, I have passed that on to the repairs team.',
      choices: [],
      fromHuman: false,
    };
    const first = await web.channel.send(reply);
    // The worker never heard the first answer (it died, or Redis dropped the connection) and sends again.
    const second = await web.channel.send(reply);
    expect(second.providerMessageIds).toEqual(first.providerMessageIds);
    const history = (await (
      await fetch(`${web.baseUrl}/v3/directline/conversations/${conversationId}/activities`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      activities: { text?: string }[];
    };
    expect(history.activities.filter((a) => a.text === reply.text)).toHaveLength(1);
  });
});
