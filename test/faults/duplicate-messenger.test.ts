import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphFake, type GraphFake } from '../fakes/graph-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { messengerMessage, newPsid, postToMeta } from '../meta/payloads.js';

const APP_SECRET = 'meta-app-secret-for-fault-tests';

let graph: GraphFake;
let gateway: TestGateway;

beforeAll(async () => {
  graph = await startGraphFake();
  gateway = await startTestGateway({
    META_APP_SECRET: APP_SECRET,
    META_VERIFY_TOKEN: 'verify-token-for-fault-tests',
    META_PAGE_TOKEN: graph.pageToken,
    META_GRAPH_URL: graph.url,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await graph?.close();
});

describe('a Messenger reply Graph accepted but whose answer was lost (#13 item 6, Graph)', () => {
  it("is looked up in the Page's conversation before it is sent again, so the customer gets it once", async () => {
    const psid = newPsid();
    graph.loseAnswers(1);
    const posted = await postToMeta(
      `${gateway.url}/social/meta`,
      APP_SECRET,
      messengerMessage({
        pageId: graph.pageId,
        psid,
        text: 'hi my bath taps are dripping constantly, can someone fix them',
      }),
    );
    expect(posted.status).toBe(200);
    const conversation = await waitFor(
      async () => (await gateway.store.findConversation('messenger', psid))[0],
      'the Messenger conversation',
    );
    const messages = await waitFor(
      async () => {
        const all = await gateway.store.listMessages(conversation.id);
        return all.some((m) => m.direction === 'outbound') &&
          all.every((m) => m.status !== 'received' && m.status !== 'queued')
          ? all
          : undefined;
      },
      'every reply to go',
      30_000,
    );

    const texts = graph.sent.filter((m) => m.recipient.id === psid).map((m) => m.message.text);
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts).size).toBe(texts.length);
    const outbound = messages.filter((m) => m.direction === 'outbound');
    const recorded = (await Promise.all(outbound.map((m) => gateway.store.listDeliveries(m.id))))
      .flat()
      .map((d) => d.provider_message_id);
    expect(recorded.sort()).toEqual(
      graph.sent
        .filter((m) => m.recipient.id === psid)
        .map((m) => m.messageId)
        .sort(),
    );
    const lookups = graph.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/conversations'));
    expect(lookups[0]?.query).toMatchObject({ platform: 'messenger', user_id: psid });
  });
});
