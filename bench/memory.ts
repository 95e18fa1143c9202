/**
 * Memory of a one-process gateway (`npm start`: every role, embedded PGlite under its data
 * folder) holding many live web chat conversations: each opened as the page opens one
 * (token, conversation, WebSocket, from its own client address), each having said one thing
 * and had the bot's answer, each socket left open. Prints JSON with the gateway's resident
 * set size (RSS, from /proc) when ready, after a warm-up conversation, and with every
 * conversation live, twice: 5 s after the last one opened (the garbage of opening them all
 * within seconds still in the heap) and after holding them idle for --settle-seconds (V8
 * has collected it by then), against issue 18's target of 300 MB for 1,000.
 *
 *   npm run bench:memory [-- --conversations 1000 --database pglite|postgres --settle-seconds 30 --redis-url redis://…]
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent } from 'undici';
import WebSocket from 'ws';
import { freePort, post, startGateway, startRedis, stopChild } from './gateway-process.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const conversations = Number(arg('conversations', '1000'));
const database = arg('database', 'pglite');
if (database !== 'pglite' && database !== 'postgres') throw new Error('--database must be pglite or postgres');
const postgresUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const targetMb = 300;
const replyTimeoutMs = 120_000;
const openAtOnce = 25;
/** How long the gateway holds the conversations, idle, before the second reading. */
const settleSeconds = Number(arg('settle-seconds', '30'));

/** Resident and peak resident set size of a process, in MB, from /proc (Linux). */
function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

/** The gateway's V8 heap in use and external memory (buffers), in MB, from its /metrics. */
async function heapOf(baseUrl: string): Promise<{ heapUsedMb: number; externalMb: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} ([\\d.e+]+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    heapUsedMb: Math.round(value('gateway_nodejs_heap_size_used_bytes') / 1048576),
    externalMb: Math.round(value('gateway_nodejs_external_memory_bytes') / 1048576),
  };
}

/** One customer: a conversation opened as the page opens it, one message, the bot's first answer; the socket stays open. */
async function openAndSayHello(baseUrl: string, agent: Agent, clientAddress: string): Promise<WebSocket> {
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
  const answered = new Promise<void>((done, failed) => {
    const timer = setTimeout(() => failed(new Error(`no answer within ${replyTimeoutMs} ms`)), replyTimeoutMs);
    socket.on('message', (data: WebSocket.RawData) => {
      const frame = data.toString();
      if (frame === '') return;
      const { activities } = JSON.parse(frame) as { activities: { type: string; from?: { role?: string } }[] };
      if (activities.some((a) => a.type === 'message' && a.from?.role === 'bot')) {
        clearTimeout(timer);
        done();
      }
    });
  });
  await post(
    agent,
    `${baseUrl}/v3/directline/conversations/${started.conversationId}/activities`,
    {
      type: 'message',
      from: { id: 'user' },
      text: 'I want to make a complaint about the way your officer spoke to me on the phone',
      locale: 'en-GB',
      channelData: { clientActivityID: `mem-${randomBytes(6).toString('hex')}` },
    },
    { authorization: `Bearer ${started.token}` },
  );
  await answered;
  return socket;
}

const ownRedis = process.argv.includes('--redis-url') ? undefined : await startRedis();
const redisUrl = ownRedis?.url ?? arg('redis-url', 'redis://127.0.0.1:6379');
const dataDir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
const schema = `bench_memory_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: postgresUrl });
const agent = new Agent({ connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });
const sockets: WebSocket[] = [];
let gateway: ChildProcess | undefined;
let failed = 0;
try {
  if (database === 'postgres') {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  gateway = await startGateway(
    {
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      REDIS_URL: redisUrl,
      // Unset, the gateway keeps PGlite under DATA_DIR, as `npm start` does.
      DATABASE_URL: database === 'postgres' ? `${postgresUrl}?options=-c%20search_path%3D${schema}` : '',
      TRUSTED_PROXIES: 'loopback',
    },
    undefined,
  );
  const pid = gateway.pid!;
  const ready = memoryOf(pid);
  sockets.push(await openAndSayHello(baseUrl, agent, '10.255.255.254'));
  const warm = memoryOf(pid);
  const started = performance.now();
  for (let i = 0; i < conversations; i += openAtOnce) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(openAtOnce, conversations - i) }, (_, j) => {
        const n = i + j;
        return openAndSayHello(baseUrl, agent, `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`);
      }),
    );
    for (const result of batch) {
      if (result.status === 'fulfilled') sockets.push(result.value);
      else {
        failed += 1;
        process.stderr.write(`${(result.reason as Error).message}\n`);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  // Let timers and buffers of the last turns settle before reading.
  await new Promise((done) => setTimeout(done, 5_000));
  const live = memoryOf(pid);
  const heap = await heapOf(baseUrl);
  // Then as it holds them, quiet: V8 collects the garbage of the burst once the process has
  // been idle a while (its memory reducer), and the heap comes down to what is live.
  await new Promise((done) => setTimeout(done, settleSeconds * 1000));
  const settled = memoryOf(pid);
  const settledHeap = await heapOf(baseUrl);
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'memory: a one-process gateway holding live web chat conversations',
        node: process.version,
        database,
        conversations,
        liveConversations: sockets.length - 1,
        failedConversations: failed,
        secondsToOpen: Number(seconds.toFixed(1)),
        rssMb: {
          ready: ready.rssMb,
          afterWarmUp: warm.rssMb,
          withConversations: live.rssMb,
          withConversationsSettled: settled.rssMb,
          peak: settled.peakRssMb,
        },
        // What of it is JavaScript objects (V8 heap) and buffers, with every conversation live.
        heapUsedMb: { withConversations: heap.heapUsedMb, withConversationsSettled: settledHeap.heapUsedMb },
        externalMb: settledHeap.externalMb,
        settleSeconds,
        perConversationKb: Math.round(((live.rssMb - warm.rssMb) * 1024) / Math.max(1, sockets.length - 1)),
        targetMb,
        // Both readings: 5 s after the last conversation opened, and settled.
        targetMet: live.rssMb <= targetMb && failed === 0,
        targetMetSettled: settled.rssMb <= targetMb && failed === 0,
        loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(1)),
        cores: availableParallelism(),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  for (const socket of sockets) socket.close();
  await agent.close();
  if (gateway) await stopChild(gateway);
  if (database === 'postgres') {
    await admin.query(`drop schema ${schema} cascade`).catch(() => undefined);
    await admin.end();
  }
  if (ownRedis) await stopChild(ownRedis.child);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
