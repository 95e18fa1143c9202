/**
 * Web chat latency with the whole gateway: many customers chatting at once, each message
 * timed from the moment its activity is POSTed to the moment the bot's first reply to it
 * arrives on that conversation's WebSocket stream. In between: Direct Line store and
 * publish, the intake (database + inbound queue), the turn worker running the real
 * dialogs bot, the outbound queue and the Direct Line send.
 *
 * The gateway runs as a child process (`node --import tsx bin/gateway.ts`), against a
 * private redis-server started for the run (or --redis-url) and in-memory PGlite and/or a
 * fresh schema on the machine's PostgreSQL. Each conversation starts as the page starts
 * one (POST /webchat/token, POST /v3/directline/conversations, WebSocket to streamUrl),
 * each from its own client address (X-Forwarded-For, as behind the landlord's proxy), then
 * goes through a whole complaint: the customer waits for the bot's question, "thinks"
 * (--think-ms, jittered ±50%), and answers. A warm-up conversation runs first, unmeasured.
 *
 *   npm run bench:webchat [-- --conversations 200 --turns 10 --think-ms 2000
 *                            --database both|pglite|postgres --split --profile --redis-url redis://…]
 *
 * --split (PostgreSQL only) runs the gateway as the README's scaling section does: a web
 * process (webhooks, the Direct Line API and streams) and a worker process (turns), each
 * with a core to itself where the machine has them. --profile runs the gateway with
 * --cpu-prof and prints where its CPU time went.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { defaultLandlord, landlordVars } from '../dialogs/landlord.js';
import { createTranslator } from '../src/i18n.js';
import { freePort, post, startGateway, startRedis, stopChild } from './gateway-process.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const conversations = Number(arg('conversations', '200'));
const thinkMs = Number(arg('think-ms', '2000'));
const databaseArg = arg('database', 'both');
const profile = flag('profile');
const split = flag('split');
const postgresUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const targetP95Ms = 150;
const replyTimeoutMs = 60_000;

// ---- the customer's side of a complaint, and the bot's last message of each turn ------

const en = await createTranslator();
const landlord = landlordVars(defaultLandlord);
const say = (key: string, vars: Record<string, string> = {}) => en.t('en', key, { ...landlord, ...vars });
const exactly = (text: string) => (reply: string) => reply === text;
const statusPrefix = say('confirm.status', { reference: '' });

interface Step {
  text: string;
  /** The bot's last message of the turn: the customer answers only once it is on screen. */
  done: (reply: string) => boolean;
}

// As a customer types it in the page: an explicit complaint, then the bot's buttons (their titles) and typed answers.
const script: Step[] = [
  {
    text: 'I want to make a complaint about the way your officer spoke to me on the phone',
    done: exactly(say('consent.notice')),
  },
  { text: 'Yes', done: exactly(say('details.outcome')) },
  { text: 'An apology and a call back from a manager', done: exactly(say('details.started')) },
  { text: 'In the last month', done: exactly(say('details.who')) },
  { text: "I'm the tenant", done: exactly(say('details.name')) },
  { text: 'Jane Smith', done: exactly(say('details.home')) },
  // Asked for in their own words, so not asked again whether to record it as a complaint.
  { text: 'SW1A 1AA', done: exactly(say('prefs.contact')) },
  { text: 'Chat', done: exactly(say('prefs.format')) },
  { text: 'Standard', done: (reply) => reply.startsWith(statusPrefix) && /CMP-\d{4}-\d{6}/.test(reply) },
];
const turns = Math.min(script.length, Math.max(1, Number(arg('turns', String(script.length)))));

// ---- one customer --------------------------------------------------------------------------

interface BotActivity {
  type: string;
  text?: string;
  from?: { role?: string };
}

class Chat {
  private readonly replies: string[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly baseUrl: string,
    private readonly agent: Agent,
    readonly conversationId: string,
    private readonly token: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data: WebSocket.RawData) => {
      const frame = data.toString();
      if (frame === '') return;
      const { activities } = JSON.parse(frame) as { activities: BotActivity[] };
      for (const activity of activities) {
        if (activity.type === 'message' && activity.from?.role === 'bot') this.replies.push(activity.text ?? '');
      }
      const woken = this.waiters;
      this.waiters = [];
      for (const wake of woken) wake();
    });
  }

  /** As the page does it: a token, a conversation, the stream. */
  static async open(baseUrl: string, agent: Agent, clientAddress: string): Promise<Chat> {
    const minted = await post<{ token: string }>(agent, `${baseUrl}/webchat/token`, undefined, {
      'x-forwarded-for': clientAddress,
    });
    const started = await post<{ conversationId: string; token: string; streamUrl: string }>(
      agent,
      `${baseUrl}/v3/directline/conversations`,
      undefined,
      { authorization: `Bearer ${minted.token}` },
    );
    const socket = new WebSocket(started.streamUrl);
    await new Promise<void>((opened, failed) => {
      socket.once('open', () => opened());
      socket.once('error', failed);
    });
    return new Chat(baseUrl, agent, started.conversationId, started.token, socket);
  }

  /** Sends one message; resolves with ms to the bot's first reply, once the bot has finished its turn. */
  async turn(step: Step, clientActivityID: string): Promise<number> {
    const before = this.replies.length;
    const firstReply = this.until(() => this.replies.length > before).then(() => performance.now());
    const started = performance.now();
    await post(
      this.agent,
      `${this.baseUrl}/v3/directline/conversations/${this.conversationId}/activities`,
      { type: 'message', from: { id: 'user' }, text: step.text, locale: 'en-GB', channelData: { clientActivityID } },
      { authorization: `Bearer ${this.token}` },
    );
    const latency = (await firstReply) - started;
    await this.until(() => this.replies.slice(before).some(step.done));
    return latency;
  }

  private async until(condition: () => boolean): Promise<void> {
    const deadline = Date.now() + replyTimeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`no reply within ${replyTimeoutMs} ms in ${this.conversationId}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, 1_000);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

// ---- what the gateway and Redis say about themselves -----------------------------------------

/** Sums of the Prometheus samples named `name` whose labels contain `labels`. */
async function scrape(baseUrl: string, agent: Agent): Promise<(name: string, labels?: string) => number> {
  const response = await request(`${baseUrl}/metrics`, { dispatcher: agent });
  const text = await response.body.text();
  return (name, labels = '') =>
    text
      .split('\n')
      .filter((line) => (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) && line.includes(labels))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

interface RedisStats {
  calls: Map<string, number>;
  cpuSeconds: number;
}

async function redisStats(redis: Redis): Promise<RedisStats> {
  const calls = new Map<string, number>();
  for (const match of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    calls.set(match[1] ?? '', Number(match[2]));
  const cpu = await redis.info('cpu');
  const field = (key: string) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(cpu)?.[1] ?? 0);
  return { calls, cpuSeconds: field('used_cpu_sys') + field('used_cpu_user') };
}

/** CPU seconds used so far by these processes (from /proc; user and system, every thread). */
function processCpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

/** CPU seconds used so far by every process named postgres (from /proc; 0 where there is none). */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks / 100;
}

function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

// ---- a run -----------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const ms = (value: number) => Number(value.toFixed(1));
const sleep = (wait: number) => new Promise((done) => setTimeout(done, wait));
const jittered = () => thinkMs * (0.5 + Math.random());

async function complaint(chat: Chat, think: boolean, record: (step: number, latency: number) => void): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (think) await sleep(jittered());
    const step = script[i];
    if (step) record(i + 1, await chat.turn(step, `bench-${randomBytes(6).toString('hex')}`));
  }
}

async function run(database: 'pglite' | 'postgres', redisUrl: string, ownRedisClient: Redis | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-webchat-'));
  const schema = `bench_webchat_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  if (database === 'postgres') {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  }
  const cpuProfileDir = profile
    ? resolve('test-artifacts', 'profiles', `webchat-${database}-${Date.now()}`)
    : undefined;
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
  const chats: Chat[] = [];
  const window = { from: 0, to: 0 };
  let gateway: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  try {
    const gatewayEnv = {
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      REDIS_URL: redisUrl,
      DATABASE_URL: database === 'postgres' ? `${postgresUrl}?options=-c%20search_path%3D${schema}` : 'memory:',
      // The bench is the landlord's proxy: each conversation's X-Forwarded-For is its own customer.
      TRUSTED_PROXIES: 'loopback',
    };
    const splitting = split && database === 'postgres';
    gateway = await startGateway(gatewayEnv, cpuProfileDir, splitting ? 'web' : 'all');
    if (splitting) {
      worker = await startGateway({ ...gatewayEnv, PORT: '0' }, cpuProfileDir, 'worker');
    }
    const gatewayPids = [gateway.pid, worker?.pid].filter((pid): pid is number => pid !== undefined);
    // Warm-up: one whole complaint, unmeasured (the first turn loads the triage model and JIT-compiles the bot).
    const warm = await Chat.open(baseUrl, agent, '10.255.255.254');
    chats.push(warm);
    await complaint(warm, false, () => undefined);

    const opening = performance.now();
    const opened = await Promise.all(
      Array.from({ length: conversations }, (_, i) =>
        Chat.open(baseUrl, agent, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`),
      ),
    );
    chats.push(...opened);
    const openSeconds = (performance.now() - opening) / 1000;

    const latencies: number[] = [];
    const byStep = new Map<number, number[]>();
    let errors = 0;
    const loadBefore = loadavg()[0] ?? 0;
    const metricsBefore = await scrape(baseUrl, agent);
    const postgresCpuBefore = postgresCpuSeconds();
    const gatewayCpuBefore = processCpuSeconds(gatewayPids);
    const webCpuBefore = processCpuSeconds(gatewayPids.slice(0, 1));
    const ownCpuBefore = ownCpuSeconds();
    const redisBefore = ownRedisClient ? await redisStats(ownRedisClient) : undefined;
    window.from = monotonicMicros();
    const started = performance.now();
    await Promise.all(
      opened.map((chat) =>
        complaint(chat, thinkMs > 0, (step, latency) => {
          latencies.push(latency);
          const values = byStep.get(step) ?? [];
          values.push(latency);
          byStep.set(step, values);
        }).catch((error: unknown) => {
          errors += 1;
          process.stderr.write(`${(error as Error).message}\n`);
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    window.to = monotonicMicros();
    const metricsAfter = await scrape(baseUrl, agent);
    const postgresCpuAfter = postgresCpuSeconds();
    const gatewayCpuAfter = processCpuSeconds(gatewayPids);
    const webCpuAfter = processCpuSeconds(gatewayPids.slice(0, 1));
    const ownCpuAfter = ownCpuSeconds();
    const redisAfter = ownRedisClient ? await redisStats(ownRedisClient) : undefined;
    const delta = (name: string, labels?: string) => metricsAfter(name, labels) - metricsBefore(name, labels);
    const perTurn = (value: number) => ms(value / Math.max(1, latencies.length));
    const redisCalls =
      redisBefore && redisAfter
        ? [...redisAfter.calls].map(([command, n]) => [command, n - (redisBefore.calls.get(command) ?? 0)] as const)
        : [];
    latencies.sort((a, b) => a - b);
    const p95 = percentile(latencies, 95);
    return {
      benchmark: 'web chat: activity POST to first bot reply on the stream, whole gateway',
      node: process.version,
      database,
      processes: worker ? 'web + worker' : 'one',
      conversations,
      turns: latencies.length,
      turnsPerConversation: turns,
      thinkMs,
      p50Ms: ms(percentile(latencies, 50)),
      p95Ms: ms(p95),
      p99Ms: ms(percentile(latencies, 99)),
      maxMs: ms(latencies.at(-1) ?? 0),
      targetP95Ms: targetP95Ms,
      targetMet: p95 <= targetP95Ms,
      turnsPerSecond: ms(latencies.length / seconds),
      secondsToOpenConversations: ms(openSeconds),
      // Other work on the machine competes for its cores: say how busy it was.
      loadAverage1m: { before: ms(loadBefore), after: ms(loadavg()[0] ?? 0) },
      cores: availableParallelism(),
      failedConversations: errors,
      // Where a turn's time goes, by the gateway's own /metrics and Redis's INFO, over the measured turns.
      perTurn: {
        // Every gateway process's CPU (web and worker with --split), from /proc.
        gatewayCpuMs: perTurn((gatewayCpuAfter - gatewayCpuBefore) * 1000),
        // With --split, how that divides: the web process takes the posts and holds the sockets, the worker runs the turns.
        ...(splitting
          ? {
              webProcessCpuMs: perTurn((webCpuAfter - webCpuBefore) * 1000),
              workerProcessCpuMs: perTurn((gatewayCpuAfter - gatewayCpuBefore - (webCpuAfter - webCpuBefore)) * 1000),
            }
          : {}),
        // A worker process serves no /metrics: with --split this is the web process's share only.
        [splitting ? 'databaseStatementsWebProcess' : 'databaseStatements']: perTurn(
          delta('gateway_db_statements_total'),
        ),
        // The rest of the machine's work per turn: every postgres process (PostgreSQL only; the
        // machine's own server, so others' queries count too), and this load generator itself.
        ...(database === 'postgres' ? { postgresCpuMs: perTurn((postgresCpuAfter - postgresCpuBefore) * 1000) } : {}),
        loadGeneratorCpuMs: perTurn((ownCpuAfter - ownCpuBefore) * 1000),
        // The targets of issue 18 (docs/rules/turn-pipeline.md): at most 3 ms of gateway CPU and 30 Redis commands a turn.
        targetGatewayCpuMs: 3,
        targetRedisCommands: 30,
        gatewayCpuShareOfOneCore: ms((gatewayCpuAfter - gatewayCpuBefore) / seconds),
        // Turns are timed in the process that runs them: with --split that is the worker, which serves no /metrics.
        ...(splitting
          ? {}
          : {
              workerTurnMeanMs: ms(
                (1000 * delta('gateway_turn_duration_seconds_sum')) /
                  Math.max(1, delta('gateway_turn_duration_seconds_count')),
              ),
            }),
        postActivityMeanMs: ms(
          (1000 * delta('gateway_http_request_duration_seconds_sum', 'method="POST"')) /
            Math.max(1, delta('gateway_http_request_duration_seconds_count', 'method="POST"')),
        ),
        ...(redisBefore && redisAfter
          ? {
              redisCpuMs: perTurn((redisAfter.cpuSeconds - redisBefore.cpuSeconds) * 1000),
              redisCommands: perTurn(redisCalls.reduce((sum, [, n]) => sum + n, 0)),
              redisTopCommands: Object.fromEntries(
                redisCalls
                  .filter(([, n]) => n > 0)
                  .sort((a, b) => b[1] - a[1])
                  .slice(0, 12)
                  .map(([command, n]) => [command, perTurn(n)]),
              ),
            }
          : {}),
      },
      byStep: [...byStep.entries()]
        .sort(([a], [b]) => a - b)
        .map(([step, values]) => {
          const sorted = [...values].sort((a, b) => a - b);
          return {
            step,
            said: script[step - 1]?.text ?? '',
            p50Ms: ms(percentile(sorted, 50)),
            p95Ms: ms(percentile(sorted, 95)),
          };
        }),
      ...(cpuProfileDir ? { cpuProfileDir } : {}),
    };
  } finally {
    for (const chat of chats) chat.close();
    await agent.close();
    if (worker) await stopChild(worker);
    if (gateway) await stopChild(gateway);
    if (cpuProfileDir) process.stderr.write(summariseProfiles(cpuProfileDir, window));
    if (database === 'postgres') {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- where the gateway's CPU time went (--profile) -------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Now on the clock V8 stamps profile samples with (CLOCK_MONOTONIC, microseconds), which every process on the machine shares. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Self time by package (or repository folder) and the top functions, from the gateway's
 * .cpuprofile files, counting only samples taken while the measured conversations ran
 * (start-up, the warm-up and shutdown are left out).
 */
function summariseProfiles(dir: string, window: { from: number; to: number }): string {
  const lines: string[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const cpu = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
    const self = new Map<number, number>();
    let at = cpu.startTime;
    cpu.samples.forEach((id, i) => {
      const delta = cpu.timeDeltas[i] ?? 0;
      at += delta;
      if (at >= window.from && at <= window.to) self.set(id, (self.get(id) ?? 0) + delta);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    const idle = [...self.entries()]
      .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
      .reduce((a, [, v]) => a + v, 0);
    if (total === 0 || idle / total > 0.95) {
      lines.push(`CPU profile ${join(dir, file)}: idle while measured (a helper thread)`, '');
      continue;
    }
    const byArea = new Map<string, number>();
    const byFunction = new Map<string, number>();
    for (const [id, micros] of self) {
      const frame = byId.get(id)?.callFrame;
      if (!frame) continue;
      const area = areaOf(frame.url, frame.functionName);
      byArea.set(area, (byArea.get(area) ?? 0) + micros);
      const where =
        frame.url === ''
          ? ''
          : ` ${frame.url.replace(/^.*\/work\/[^/]+\//, '').replace(/^file:\/\//, '')}:${frame.lineNumber + 1}`;
      const name = `${frame.functionName || '(anonymous)'}${where}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    }
    const top = (map: Map<string, number>, n: number) =>
      [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([name, micros]) => `  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`);
    lines.push(
      `CPU profile ${join(dir, file)}: ${(total / 1e6).toFixed(1)} s sampled while measured, ${((100 * (total - idle)) / total).toFixed(0)}% busy`,
      'self time by area:',
      ...top(byArea, 15),
      'top functions (self):',
      ...top(byFunction, 25),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.startsWith('node:')) return url;
  const own = /\/(app|bin|channels|dialogs|src)\/(?:([^/]+)\/)?/.exec(url);
  if (own) return own[2] && !own[2].includes('.') ? `${own[1]}/${own[2]}` : (own[1] ?? url);
  return url;
}

// ---- main -------------------------------------------------------------------------------

async function postgresAnswers(): Promise<boolean> {
  const probe = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2_000 });
  try {
    await probe.connect();
    return true;
  } catch {
    return false;
  } finally {
    await probe.end().catch(() => undefined);
  }
}

let databases: string[] = [databaseArg];
if (databaseArg === 'both') {
  databases = ['pglite'];
  if (await postgresAnswers()) databases.push('postgres');
  else process.stderr.write(`PostgreSQL does not answer at ${postgresUrl} (BENCH_DATABASE_URL): PGlite only.\n`);
}
const ownRedis = process.argv.includes('--redis-url') ? undefined : await startRedis();
const redisUrl = ownRedis?.url ?? arg('redis-url', 'redis://127.0.0.1:6379');
// Command counts and CPU are only the run's own when the Redis is.
const ownRedisClient = ownRedis ? new Redis(redisUrl) : undefined;
let failed = false;
try {
  for (const database of databases) {
    if (database !== 'pglite' && database !== 'postgres')
      throw new Error(`--database must be pglite, postgres or both, not ${database}`);
    const result = await run(database, redisUrl, ownRedisClient);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (result.failedConversations > 0) failed = true;
  }
} finally {
  ownRedisClient?.disconnect();
  if (ownRedis) await stopChild(ownRedis.child);
}
process.exit(failed ? 1 : 0);
