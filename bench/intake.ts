/**
 * Store-and-enqueue: what every webhook does before it answers 200. Measures
 * throughput and latency percentiles of StoreAndEnqueue.accept on real Redis and a
 * real database (PGlite in memory, and PostgreSQL when it answers), printed as JSON.
 *
 *   npm run bench:intake [-- --messages 5000 --concurrency 32]
 */
import { randomBytes } from 'node:crypto';
import { CaseStore } from '../src/db/case-store.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { gatewayMigrations } from '../app/migrations.js';
import { StoreAndEnqueue } from '../src/intake.js';
import { Queues } from '../src/queues/queues.js';
import { connectRedis } from '../src/redis.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const messages = arg('messages', 5000);
const concurrency = arg('concurrency', 32);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(label: string, db: Database) {
  await migrate(db, gatewayMigrations());
  const redis = connectRedis(redisUrl);
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const queues = new Queues(redis, prefix);
  const intake = new StoreAndEnqueue(new CaseStore(db), queues);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages) {
        const i = next++;
        const t0 = performance.now();
        await intake.accept({
          channelId: 'sms',
          providerMessageId: `SM${prefix}${i}`,
          from: `+4477009${String(i % 5000).padStart(5, '0')}`,
          to: '+447700900000',
          text: 'My kitchen ceiling has been leaking for 3 weeks and nobody has come out',
          receivedAt: new Date().toISOString(),
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const queued = (await queues.nudges.depth()).waiting;
  // Clean up the benchmark's keys.
  for (const queue of Object.values(queues.queues)) await queue.obliterate({ force: true });
  await redis.del(queues.nudges.key);
  await queues.close();
  redis.disconnect();
  return {
    database: label,
    messages,
    concurrency,
    queued,
    messagesPerSecond: Math.round(messages / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}

const results = [];
const pglite = await openDatabase({ url: 'memory:', dataDir: '' });
results.push(await run('pglite', pglite));
await pglite.close();
const schema = `bench_${randomBytes(4).toString('hex')}`;
try {
  const admin = await openDatabase({ url: postgresUrl, dataDir: '', poolSize: 1 });
  await admin.query(`create schema ${schema}`);
  const pg = await openDatabase({ url: postgresUrl, dataDir: '', schema, poolSize: 20 });
  results.push(await run('postgres', pg));
  await pg.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.close();
} catch (error) {
  results.push({ database: 'postgres', skipped: (error as Error).message });
}
process.stdout.write(
  `${JSON.stringify({ benchmark: 'store-and-enqueue', node: process.version, results }, null, 2)}\n`,
);
