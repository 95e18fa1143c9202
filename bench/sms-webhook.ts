/**
 * Inbound SMS webhook at saturation, side by side with a bare express handler that does
 * one Redis LPUSH, in the same run on the same machine. Each server runs in its own
 * process; this process generates signed Twilio webhooks over keep-alive connections.
 * Afterwards it waits until the bot has processed every message the gateway accepted.
 *
 *   npm run bench:sms [-- --requests 6000 --concurrency 64 --database postgres|pglite]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import twilio from 'twilio';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startTwilioFake } from '../test/fakes/twilio-fake.js';
import { npmStartNodeFlags } from './gateway-process.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const requests = Number(arg('requests', '6000'));
const concurrency = Number(arg('concurrency', '64'));
const database = arg('database', 'postgres');
/** `--profile <dir>` writes a V8 CPU profile of the web process there, to see where a webhook's time goes. */
const profileDir = arg('profile', '');
// Its own Redis database, emptied before and after: queues left by an earlier run (tens of
// thousands of delayed SLA jobs) make every BullMQ call dearer and would skew the figures.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14';
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function startChild(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\d+)|Gateway ready on http:\/\/localhost:(\d+)|(WORKER READY)/.exec(out);
      if (ready) resolve({ child, port: Number(ready[1] ?? ready[2] ?? 0) });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** CPU seconds a process has used (user + system), from /proc: how each part shares the cores. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
/** CPU seconds used by every process with this command name (postgres has one per connection). */
function cpuSecondsByName(name: string): number {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm.startsWith(name)) sum += cpuSeconds(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return sum;
}
/** Busy and total CPU seconds for the whole machine. */
function machineSeconds(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0) / 100;
  const idle = ((cpu[3] ?? 0) + (cpu[4] ?? 0)) / 100;
  return { busy: total - idle, total };
}
/** Remove what the gateway and the baseline wrote, leaving anything else in that database alone. */
async function clearGatewayKeys(): Promise<void> {
  for (const pattern of ['gw:*', 'bench:*']) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function load(url: string, authToken: string, label: string, pids: Record<string, number | undefined>) {
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const sharedBefore = { redis: cpuSecondsByName('redis-server'), postgres: cpuSecondsByName('postgres') };
  const machineBefore = machineSeconds();
  const loadBefore = process.cpuUsage();
  const agent = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const run = randomBytes(3).toString('hex');
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const params = {
          MessageSid: `SM${run}${label === 'b' ? 'b0' : 'a0'}${i.toString(16).padStart(24, '0')}`,
          AccountSid: `AC${'0'.repeat(32)}`,
          From: `+4477${String(100000000 + (i % 3000)).slice(1)}`,
          To: '+447700900000',
          Body: 'my kitchen ceiling has been leaking for 3 weeks and nobody came',
          NumMedia: '0',
        };
        const body = new URLSearchParams(params).toString();
        const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
        const t0 = performance.now();
        const res = await request(url, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body,
        });
        await res.body.text();
        latencies.push(performance.now() - t0);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const loadCpu = process.cpuUsage(loadBefore);
  const machineAfter = machineSeconds();
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [
      k,
      Number((((cpuSeconds(pid) - cpuBefore[k]!) * 1000) / requests).toFixed(2)),
    ]),
  );
  cpuMsPerRequest.redis = Number(
    (((cpuSecondsByName('redis-server') - sharedBefore.redis) * 1000) / requests).toFixed(2),
  );
  cpuMsPerRequest.postgres = Number(
    (((cpuSecondsByName('postgres') - sharedBefore.postgres) * 1000) / requests).toFixed(2),
  );
  cpuMsPerRequest.loadGenerator = Number(((loadCpu.user + loadCpu.system) / 1000 / requests).toFixed(2));
  const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
  await agent.close();
  latencies.sort((a, b) => a - b);
  return {
    requests,
    concurrency,
    statuses: Object.fromEntries(statuses),
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
    cpuMsPerRequest,
    machineBusyPercent: Math.round(machineBusy * 100),
  };
}

const redis = new Redis(redisUrl);
await clearGatewayKeys();
const baselineKey = `bench:baseline:${randomBytes(4).toString('hex')}`;
const baseline = await startChild('bench/sms-baseline-server.ts', {
  PORT: '0',
  BASELINE_KEY: baselineKey,
  REDIS_URL: redisUrl,
});
const baselineResult = await load(`http://127.0.0.1:${baseline.port}/sms/twilio`, 'unused', 'b', {
  server: baseline.child.pid,
});
baseline.child.kill('SIGTERM');
await redis.del(baselineKey);

const fake = await startTwilioFake();
const dataDir = mkdtempSync(join(tmpdir(), 'bench-sms-'));
const schema = `bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: postgresUrl });
if (database === 'postgres') {
  await admin.connect();
  await admin.query(`create schema ${schema}`);
}
const port = 20000 + Math.floor(Math.random() * 20000);
const publicBaseUrl = `http://127.0.0.1:${port}`;
const gatewayEnv = {
  PORT: String(port),
  PUBLIC_BASE_URL: publicBaseUrl,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'error',
  REDIS_URL: redisUrl,
  DATABASE_URL: database === 'postgres' ? `${postgresUrl}?options=-c%20search_path%3D${schema}` : 'memory:',
  TWILIO_ACCOUNT_SID: fake.accountSid,
  TWILIO_AUTH_TOKEN: fake.authToken,
  TWILIO_FROM: '+447700900000',
  TWILIO_API_URL: fake.url,
};
// PostgreSQL: a web process and a worker process, as the README's scaling section runs it,
// so webhooks and bot turns each have a core. PGlite lives in one process, so one process.
const split = database === 'postgres';
const gateway = await startChild('bin/gateway.ts', gatewayEnv, split ? ['--role=web'] : [], [
  ...npmStartNodeFlags(),
  ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
]);
const worker = split
  ? await startChild('bin/gateway.ts', { ...gatewayEnv, PORT: '0' }, ['--role=worker'], npmStartNodeFlags())
  : undefined;
const gatewayResult = await load(`${publicBaseUrl}/sms/twilio`, fake.authToken, 'g', {
  web: gateway.child.pid,
  worker: worker?.child.pid,
});

// Every message the gateway accepted must reach the bot.
const db = new pg.Client({ connectionString: postgresUrl });
let processed = 0;
const drainStarted = performance.now();
if (database === 'postgres') {
  await db.connect();
  for (let i = 0; i < 600; i++) {
    const rows = await db.query(
      `select count(*)::int as n from ${schema}.messages where direction = 'inbound' and status = 'processed'`,
    );
    processed = rows.rows[0].n as number;
    if (processed >= (gatewayResult.statuses[200] ?? 0)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await db.end();
}
const drainSeconds = (performance.now() - drainStarted) / 1000;
for (const p of [gateway, worker]) {
  if (!p) continue;
  p.child.kill('SIGTERM');
  await new Promise((r) => p.child.once('exit', r));
}
await fake.close();
if (database === 'postgres') {
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
rmSync(dataDir, { recursive: true, force: true });
await clearGatewayKeys();
redis.disconnect();

process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'inbound SMS webhook at saturation',
      node: process.version,
      database,
      baseline: { what: 'bare express + one Redis LPUSH', ...baselineResult },
      gateway: {
        what: 'signature check, zod, store in the database, enqueue, 200',
        processes: split ? 'web + worker' : 'one',
        ...gatewayResult,
      },
      throughputRatio: Number((gatewayResult.requestsPerSecond / baselineResult.requestsPerSecond).toFixed(2)),
      p99Ratio: Number((gatewayResult.p99Ms / baselineResult.p99Ms).toFixed(2)),
      processedByBot: database === 'postgres' ? processed : 'not measured on in-memory PGlite',
      secondsToProcessAllAfterLoad: database === 'postgres' ? Number(drainSeconds.toFixed(1)) : null,
    },
    null,
    2,
  )}\n`,
);
process.exit(0);
