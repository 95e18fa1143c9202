import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, postgresUrl, type TestDatabase } from '../helpers/db.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { uniquePrefix, waitFor } from '../helpers/redis.js';

describe('a web-only and a worker-only gateway sharing Redis and PostgreSQL', () => {
  let db: TestDatabase;
  let web: TestGateway;
  let worker: TestGateway;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    const prefix = uniquePrefix('roles');
    const env = { DATABASE_URL: postgresUrl, DIRECTLINE_SECRET: 'a-shared-secret-of-enough-length' };
    web = await startTestGateway(env, { role: 'web', databaseSchema: db.schema, prefix });
    worker = await startTestGateway(env, { role: 'worker', databaseSchema: db.schema, prefix });
  });
  afterAll(async () => {
    await web?.close();
    await worker?.stop();
    await db.close();
  });

  it("answers a web chat message through a worker that holds no HTTP port, back to the customer's stream", async () => {
    const { token } = (await (await fetch(`${web.url}/webchat/token`, { method: 'POST' })).json()) as { token: string };
    const conversation = (await (
      await fetch(`${web.url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { conversationId: string; token: string };
    const auth = { authorization: `Bearer ${conversation.token}` };
    const posted = await fetch(`${web.url}/v3/directline/conversations/${conversation.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ type: 'message', from: { id: 'user' }, text: 'hello', locale: 'en-GB' }),
    });
    expect(posted.status).toBe(200);
    const botReplies = await waitFor(async () => {
      const res = await fetch(`${web.url}/v3/directline/conversations/${conversation.conversationId}/activities`, {
        headers: auth,
      });
      const { activities } = (await res.json()) as {
        activities: { from: { role?: string; id: string }; text?: string }[];
      };
      const fromBot = activities.filter((a) => a.from.id !== 'user');
      return fromBot.length > 0 ? fromBot : undefined;
    }, 'a reply from the worker');
    expect(botReplies[0]?.text).toMatch(/automated/i);
    const stored = await db.db.query<{ direction: string }>('select direction from messages order by seq');
    expect(stored.map((m) => m.direction)).toContain('outbound');
  });
});
