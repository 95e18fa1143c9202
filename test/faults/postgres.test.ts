import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { redisUrl, uniquePrefix, waitFor } from '../helpers/redis.js';
import { freePort, sleep, SmsLoad, spawnGateway, tally, type GatewayProcess } from './harness.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const OUR_NUMBER = '+447700900000';
const postgres = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

describe('PostgreSQL connections cut for a few seconds (#13 item 2; a TCP proxy in front of the real server)', () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let proxiedUrl: string;

  beforeAll(async () => {
    t = await openTestDatabase('postgres');
    proxy = await startTcpProxy({ host: postgres.hostname, port: Number(postgres.port || 5432) });
    const url = new URL(postgres.href);
    url.port = String(proxy.port);
    proxiedUrl = url.href;
  });
  afterAll(async () => {
    await proxy?.close();
    await t?.close();
  });

  it('fails the transaction that lost its connection, and the process carries on', async () => {
    const db = await openDatabase({ url: proxiedUrl, dataDir: '', schema: t.schema, poolSize: 2 });
    try {
      let cutNow!: () => void;
      const cutDone = new Promise<void>((r) => (cutNow = r));
      const transaction = db.transaction(async (tx) => {
        await tx.query('select 1');
        // The connection drops while this client is checked out and idle between queries.
        cutNow();
        await sleep(500);
        await tx.query('select 2');
      });
      await cutDone;
      proxy.cut();
      await expect(transaction).rejects.toThrow();
      expect(await db.ping()).toBe(false);
      proxy.restore();
      await waitFor(async () => db.ping(), 'the database to answer again', 20_000);
      expect(await db.query<{ n: number }>('select 1 as n')).toEqual([{ n: 1 }]);
    } finally {
      proxy.restore();
      await db.close();
    }
  });

  describe('mid-load, with a worker process and a web gateway both behind the proxy', () => {
    let twilio: TwilioFake;
    let web: TestGateway;
    let worker: GatewayProcess;
    let dataDir: string;
    const prefix = uniquePrefix('pgcut');

    beforeAll(async () => {
      twilio = await startTwilioFake();
      const port = await freePort();
      dataDir = mkdtempSync(join(tmpdir(), 'gw-fault-pg-'));
      const env = {
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: proxiedUrl,
        REDIS_URL: redisUrl,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: OUR_NUMBER,
        TWILIO_API_URL: twilio.url,
      };
      web = await startTestGateway(env, { role: 'web', databaseSchema: t.schema, prefix });
      worker = await spawnGateway(
        { ...env, PORT: '0', DATA_DIR: dataDir, FAULT_SCHEMA: t.schema!, FAULT_PREFIX: prefix },
        'worker',
      );
    }, 90_000);
    afterAll(async () => {
      proxy.restore();
      if (worker && worker.child.exitCode === null) {
        worker.child.kill('SIGTERM');
        await Promise.race([worker.exited, sleep(20_000)]);
        if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      }
      await web?.stop();
      await twilio?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it('loses, duplicates and leaves unanswered nothing, no process dies, and /readyz says not ready meanwhile', async () => {
      const customers = Array.from({ length: 20 }, (_, i) => `+4477009020${String(i).padStart(2, '0')}`);
      const words = [
        'the toilet wont flush',
        'my neighbour is making noise every night',
        'can i get a new front door key',
        'damp in the kids room',
      ];
      const load = new SmsLoad(twilio, `${web.config.PUBLIC_BASE_URL}/sms/twilio`, OUR_NUMBER);
      let sent = 0;
      const traffic = (async () => {
        for (let round = 0; round < 2; round++) {
          for (const [i, customer] of customers.entries()) {
            void load.send(
              customer,
              `${words[(i + round) % words.length]}${round === 1 ? ', please ring me back' : ''}`,
            );
            sent += 1;
            await sleep(50);
          }
        }
      })();
      await waitFor(async () => load.accepted.size >= 10, 'some texts to be taken', 30_000);
      proxy.cut();
      const during = await fetch(`${web.url}/readyz`, { signal: AbortSignal.timeout(15_000) });
      const body = (await during.json()) as { checks: Record<string, string> };
      await sleep(4_000);
      proxy.restore();
      await traffic;
      const result = await tally(load, web.store, twilio, customers, sent);

      expect(during.status).toBe(503);
      expect(body.checks.database).toBe('unreachable');
      expect(worker.child.exitCode).toBeNull(); // the worker process lived through it
      expect(worker.output()).not.toMatch(/Unhandled 'error' event/);
      expect(load.answers.get(503) ?? 0).toBeGreaterThan(0); // the outage was felt at the webhook
      expect(result, `webhook answers: ${JSON.stringify([...load.answers])}`).toMatchObject({
        accepted: sent,
        lost: 0,
        unanswered: 0,
        duplicated: 0,
      });
      expect((await fetch(`${web.url}/readyz`)).status).toBe(200);
    }, 150_000);
  });
});
