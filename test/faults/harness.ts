import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { CaseStore } from '../../src/db/case-store.js';
import type { TwilioFake } from '../fakes/twilio-fake.js';
import { waitFor } from '../helpers/redis.js';

/** A free port on loopback (for a gateway, whose public URL Twilio signs, or a redis-server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The test's own redis-server on a random loopback port, with append-only persistence in a
 * temporary folder: it can be killed and started again on the same port and data, and the
 * machine's shared Redis is never touched.
 */
export interface OwnRedis {
  url: string;
  port: number;
  kill(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-fault-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    // Already running: a second server could not bind the port, and would take the first's
    // place in `child`, so close() would never stop the first (it was left running after the tests).
    if (child && child.exitCode === null && child.signalCode === null) return;
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(
      async () => {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      'redis-server to answer',
      30_000,
    );
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((done) => {
      c.once('exit', () => done());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url,
    port,
    kill,
    start,
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A gateway (or one role of it) in its own process, as `npm start -- --role=…` runs it. */
export interface GatewayProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnGateway(
  env: Record<string, string>,
  role: 'worker' | 'web' | 'all',
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/faults/gateway-process.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, FAULT_ROLE: role },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  await waitFor(
    async () => out.includes('FAULT GATEWAY READY') || child.exitCode !== null,
    'the gateway process to start',
    60_000,
  );
  if (!out.includes('FAULT GATEWAY READY')) throw new Error(`the gateway process did not start:\n${out}`);
  return { child, output: () => out, exited };
}

/**
 * Customers texting as Twilio delivers their texts: each webhook that is not answered 2xx
 * (or not answered at all) is sent again with the same MessageSid a little later, as
 * Twilio's retries and fallback do, until it is taken.
 */
export class SmsLoad {
  /** MessageSid -> the customer's number, for every text the gateway took (answered 2xx). */
  readonly accepted = new Map<string, string>();
  readonly answers = new Map<number | 'no answer', number>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly twilio: TwilioFake,
    private readonly webhookUrl: string,
    private readonly ourNumber: string,
  ) {}

  /** One text, retried until the gateway takes it (bounded by `giveUpMs`). */
  send(from: string, body: string, giveUpMs = 120_000): Promise<void> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const task = (async () => {
      const deadline = Date.now() + giveUpMs;
      for (;;) {
        let status: number | 'no answer';
        try {
          status = (await this.twilio.receive(this.webhookUrl, { from, to: this.ourNumber, body, messageSid: sid }))
            .status;
        } catch {
          status = 'no answer';
        }
        this.answers.set(status, (this.answers.get(status) ?? 0) + 1);
        if (typeof status === 'number' && status >= 200 && status < 300) {
          this.accepted.set(sid, from);
          return;
        }
        if (Date.now() > deadline) return;
        await sleep(500);
      }
    })();
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    return task;
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}

export interface Tally {
  texts: number;
  accepted: number;
  /** Taken by the webhook (2xx) but never through a turn. */
  lost: number;
  /** Texts the gateway never took, even after retries; or customers who never heard back. */
  unanswered: number;
  /** Messages Twilio sent that we had already sent (or sent without our record of it). */
  duplicated: number;
}

/**
 * Waits until every accepted text has been through a turn and every reply has gone, then
 * counts: lost (accepted, never processed), unanswered (never accepted, or a customer
 * with no reply), duplicated (a Twilio message not on our record, or a reply body sent
 * twice to one customer for one reply).
 */
export async function tally(
  load: SmsLoad,
  store: CaseStore,
  twilio: TwilioFake,
  customers: string[],
  texts: number,
  waitMs = 90_000,
): Promise<Tally> {
  await load.settled();
  const conversationsOf = async (customer: string) => store.findConversation('sms', customer);
  const settledBy = Date.now() + waitMs;
  // Wait for the work to catch up; what is still pending at the end counts as lost.
  for (;;) {
    let pending = 0;
    for (const customer of customers) {
      for (const c of await conversationsOf(customer)) {
        pending += (await store.listMessages(c.id)).filter(
          (m) => m.status === 'received' || m.status === 'queued',
        ).length;
      }
    }
    if (pending === 0 || Date.now() > settledBy) break;
    await sleep(250);
  }
  let lost = 0;
  let unanswered = texts - load.accepted.size;
  let duplicated = 0;
  const processed = new Set<string>();
  const recordedSids = new Set<string>();
  for (const customer of customers) {
    let replies = 0;
    for (const c of await conversationsOf(customer)) {
      for (const m of await store.listMessages(c.id)) {
        if (m.direction === 'inbound' && m.status === 'processed' && m.provider_message_id)
          processed.add(m.provider_message_id);
        if (m.direction === 'outbound') {
          const deliveries = await store.listDeliveries(m.id);
          for (const d of deliveries) recordedSids.add(d.provider_message_id);
          if (m.status === 'sent') replies += 1;
        }
      }
    }
    if (load.accepted.size > 0 && [...load.accepted.values()].includes(customer) && replies === 0) unanswered += 1;
  }
  for (const sid of load.accepted.keys()) if (!processed.has(sid)) lost += 1;
  const ours = twilio.sent.filter((m) => customers.includes(m.to));
  duplicated += ours.filter((m) => !recordedSids.has(m.sid)).length;
  return { texts, accepted: load.accepted.size, lost, unanswered, duplicated };
}
