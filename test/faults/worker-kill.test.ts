import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { openTestDatabase, postgresUrl, type TestDatabase } from '../helpers/db.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { redisUrl, uniquePrefix, waitFor } from '../helpers/redis.js';
import { freePort, sleep, SmsLoad, spawnGateway, tally, type GatewayProcess } from './harness.js';

const OUR_NUMBER = '+447700900000';

describe('a worker process SIGKILLed mid-load (PostgreSQL, real Redis, worker processes as npm start runs them)', () => {
  let t: TestDatabase;
  let twilio: TwilioFake;
  let web: TestGateway;
  let env: Record<string, string>;
  let dataDir: string;
  const workers: GatewayProcess[] = [];
  const prefix = uniquePrefix('kill');

  beforeAll(async () => {
    t = await openTestDatabase('postgres');
    twilio = await startTwilioFake();
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'gw-fault-kill-'));
    env = {
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: postgresUrl,
      REDIS_URL: redisUrl,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: OUR_NUMBER,
      TWILIO_API_URL: twilio.url,
    };
    web = await startTestGateway(env, { role: 'web', databaseSchema: t.schema, prefix });
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) continue;
      w.child.kill('SIGTERM');
      await Promise.race([w.exited, sleep(20_000)]);
      if (w.child.exitCode === null) w.child.kill('SIGKILL');
    }
    await web?.stop();
    await twilio?.close();
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const startWorker = async () => {
    const w = await spawnGateway(
      { ...env, PORT: '0', DATA_DIR: dataDir, FAULT_SCHEMA: t.schema!, FAULT_PREFIX: prefix },
      'worker',
    );
    workers.push(w);
    return w;
  };

  it('has its work finished by the other worker: nothing lost, duplicated or unanswered', async () => {
    // Two workers, as a small fleet runs: one is killed with jobs in flight, the other carries on.
    const [first] = await Promise.all([startWorker(), startWorker()]);
    const customers = Array.from({ length: 20 }, (_, i) => `+4477009030${String(i).padStart(2, '0')}`);
    const words = [
      'no hot water since yesterday',
      'the window in the lounge wont shut',
      'ive been waiting 3 weeks for a plumber',
      'rats in the bin store',
    ];
    const load = new SmsLoad(twilio, `${web.config.PUBLIC_BASE_URL}/sms/twilio`, OUR_NUMBER);
    let sent = 0;
    const traffic = (async () => {
      for (let round = 0; round < 2; round++) {
        for (const [i, customer] of customers.entries()) {
          void load.send(customer, `${words[(i + round) % words.length]}${round === 1 ? ' - hello?' : ''}`);
          sent += 1;
          await sleep(40);
        }
      }
    })();
    // Mid-load: the worker has answered some customers and has turns and sends in flight.
    await waitFor(async () => twilio.sent.length >= 5, 'the workers to be sending', 60_000);
    first!.child.kill('SIGKILL');
    expect((await first!.exited).signal).toBe('SIGKILL');
    await traffic;
    const result = await tally(load, web.store, twilio, customers, sent);
    expect(result, `webhook answers: ${JSON.stringify([...load.answers])}`).toMatchObject({
      accepted: sent,
      lost: 0,
      unanswered: 0,
      duplicated: 0,
    });
  }, 150_000);
});
