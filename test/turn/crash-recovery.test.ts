import { spawn } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildPipeline, recordingBot, sms, type PipelineHarness } from '../helpers/pipeline.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';

describe('a worker process killed mid-turn (PostgreSQL, real Redis)', () => {
  let t: TestDatabase;
  let redis: Redis;
  let harness: PipelineHarness;
  const prefix = uniquePrefix('crash');

  beforeAll(async () => {
    t = await openTestDatabase('postgres');
    redis = testRedis();
    harness = buildPipeline({ db: t.db, redis, prefix, bot: recordingBot, lockTtlMs: 1_000 });
  });
  afterAll(async () => {
    await harness.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await t.close();
  });

  it('has its job finished by another worker, once, with nothing lost', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/turn-worker-process.ts'], {
      env: { ...process.env, TEST_SCHEMA: t.schema, TEST_PREFIX: prefix, HANG_ON: 'my ceiling is coming down' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    await waitFor(async () => out.includes('READY'), 'the child worker to start', 30_000);

    const accepted = await harness.intake.accept(sms('SMcrash0001', 'my ceiling is coming down', '+447700900321'));
    await waitFor(async () => out.includes(`ACTIVE ${accepted.messageId}`), 'the child to be inside the turn');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect((await harness.store.getMessage(accepted.messageId))?.status).toBe('received');

    await harness.startWorker({ lockDuration: 1_000, stalledInterval: 500 });
    const message = await waitFor(
      async () => {
        const m = await harness.store.getMessage(accepted.messageId);
        return m?.status === 'processed' ? m : undefined;
      },
      'another worker to finish the job',
      20_000,
    );
    const replies = (await harness.store.listMessages(message.conversation_id)).filter(
      (m) => m.direction === 'outbound',
    );
    expect(replies.map((r) => r.text)).toEqual(['got 1: my ceiling is coming down']);
  });
});
