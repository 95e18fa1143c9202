import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import type { InboundJob } from '../../src/queues/definitions.js';
import {
  NudgeConsumer,
  NudgeStream,
  inboundStreamKey,
  nudgeGroup,
  type NudgeConsumerOptions,
} from '../../src/queues/nudges.js';
import { Queues } from '../../src/queues/queues.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';

const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nudge = (): InboundJob => ({ conversationId: randomUUID(), messageId: randomUUID() });
const ids = (nudges: InboundJob[]) => nudges.map((n) => n.messageId).sort();
/** A processor that notes each nudge it runs. */
const recording = (seen: InboundJob[]) => (n: InboundJob) => {
  seen.push(n);
  return Promise.resolve('done' as const);
};

describe('inbound nudges on a Redis stream', () => {
  let redis: Redis;
  let prefix = '';
  let key = '';
  let stream: NudgeStream;
  let metrics: Metrics;
  const consumers: NudgeConsumer[] = [];

  beforeAll(() => {
    redis = testRedis();
  });
  beforeEach(() => {
    prefix = uniquePrefix('nudges');
    key = inboundStreamKey(prefix);
    stream = new NudgeStream(redis, prefix);
    metrics = new Metrics({ defaultMetrics: false });
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.close()));
    await deletePrefix(redis, prefix);
  });
  afterAll(() => {
    redis.disconnect();
  });

  function consumer(
    process: NudgeConsumerOptions['process'],
    options: Partial<NudgeConsumerOptions> = {},
  ): NudgeConsumer {
    const made = new NudgeConsumer({
      redis,
      prefix,
      process,
      logger,
      metrics,
      concurrency: 4,
      attempts: 3,
      backoffMs: 10,
      busyDelayMs: 10,
      claimIdleMs: 30_000,
      sweepEveryMs: 30_000,
      maxStalledCount: 5,
      ...options,
    });
    consumers.push(made);
    return made;
  }

  /** Nudges read by some consumer and not yet acknowledged. */
  const pendingCount = async () => Number(((await redis.xpending(key, nudgeGroup)) as [number])[0]);
  const failures = async (final: 'true' | 'false') =>
    (await metrics.jobsFailed.get()).values.find((v) => v.labels.final === final && v.labels.queue === 'inbound')
      ?.value ?? 0;
  /** A worker that read a nudge and died before finishing it: the nudge stays pending under its name. */
  const readAsDeadWorker = async () => {
    await redis.xgroup('CREATE', key, nudgeGroup, '0', 'MKSTREAM');
    const nudges = [nudge()];
    await stream.add(nudges);
    await redis.xreadgroup('GROUP', nudgeGroup, 'dead-worker', 'COUNT', 1, 'STREAMS', key, '>');
    expect(await pendingCount()).toBe(1);
    return nudges[0]!;
  };

  it('runs every nudge exactly once, whether added before or after the workers start', async () => {
    const before = Array.from({ length: 20 }, nudge);
    const after = Array.from({ length: 20 }, nudge);
    const seen: InboundJob[] = [];
    const run = recording(seen);
    await stream.add(before);
    await Promise.all([consumer(run).start(), consumer(run).start()]);
    await stream.add(after.slice(0, 10));
    for (const n of after.slice(10)) await stream.add([n]);

    await waitFor(async () => seen.length >= 40, 'all nudges to run');
    await waitFor(async () => {
      const depth = await stream.depth();
      return depth.waiting === 0 && depth.active === 0;
    }, 'the stream to be empty of work');
    expect(ids(seen)).toEqual(ids([...before, ...after]));
    expect(await stream.depth()).toEqual({ waiting: 0, active: 0 });
  });

  it('tries a failing nudge again with backoff and runs it on the third try', async () => {
    const finals: InboundJob[] = [];
    let tries = 0;
    const done: InboundJob[] = [];
    await consumer(
      (n) => {
        tries += 1;
        if (tries <= 2) return Promise.reject(new Error(`transient ${tries}`));
        done.push(n);
        return Promise.resolve('done');
      },
      {
        attempts: 3,
        onFinalFailure: (n) => {
          finals.push(n);
          return Promise.resolve();
        },
      },
    ).start();
    const added = nudge();
    await stream.add([added]);

    await waitFor(async () => done.length === 1 && (await pendingCount()) === 0, 'the nudge to succeed');
    expect(tries).toBe(3);
    expect(done).toEqual([added]);
    expect(finals).toEqual([]);
    expect(await failures('false')).toBe(2);
    expect(await failures('true')).toBe(0);
  });

  it('hands a nudge that always fails to the final-failure handler once, then lets it go', async () => {
    let tries = 0;
    const finals: [InboundJob, Error][] = [];
    await consumer(
      () => {
        tries += 1;
        return Promise.reject(new Error('always broken'));
      },
      {
        attempts: 4,
        onFinalFailure: (n, error) => {
          finals.push([n, error]);
          return Promise.resolve();
        },
      },
    ).start();
    const added = nudge();
    await stream.add([added]);

    await waitFor(async () => finals.length === 1 && (await pendingCount()) === 0, 'the final failure');
    await sleep(200);
    expect(tries).toBe(4);
    expect(finals).toHaveLength(1);
    expect(finals[0]![0]).toEqual(added);
    expect(finals[0]![1].message).toBe('always broken');
    expect(await failures('false')).toBe(3);
    expect(await failures('true')).toBe(1);
    expect(await stream.depth()).toEqual({ waiting: 0, active: 0 });
  });

  it('runs one nudge at a time while the process has something more urgent (a storm of webhooks to store), then all it may', async () => {
    let urgent = true;
    let running = 0;
    let most = 0;
    const done: InboundJob[] = [];
    await consumer(
      async (n) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 20));
        running -= 1;
        done.push(n);
        return 'done';
      },
      { concurrency: 4, yieldTo: () => urgent },
    ).start();
    await stream.add(Array.from({ length: 6 }, () => nudge()));
    await waitFor(async () => done.length >= 3 || undefined, 'some nudges to run while held back');
    expect(most).toBe(1);
    urgent = false;
    await stream.add(Array.from({ length: 8 }, () => nudge()));
    await waitFor(async () => done.length === 14 || undefined, 'every nudge to run');
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });

  it('lets a nudge for a busy conversation step aside without spending its tries', async () => {
    let calls = 0;
    const finals: InboundJob[] = [];
    await consumer(
      () => {
        calls += 1;
        return Promise.resolve(calls <= 5 ? 'busy' : 'done');
      },
      {
        attempts: 2,
        onFinalFailure: (n) => {
          finals.push(n);
          return Promise.resolve();
        },
      },
    ).start();
    await stream.add([nudge()]);

    await waitFor(async () => calls === 6 && (await pendingCount()) === 0, 'the nudge to run once not busy');
    expect(finals).toEqual([]);
    expect(await failures('false')).toBe(0);
    expect(await failures('true')).toBe(0);
  });

  it('runs, once, a nudge a dead worker was holding', async () => {
    const held = await readAsDeadWorker();
    const seen: InboundJob[] = [];
    await consumer(recording(seen), { claimIdleMs: 300, sweepEveryMs: 200 }).start();

    await waitFor(async () => seen.length === 1 && (await pendingCount()) === 0, 'the abandoned nudge to run');
    await sleep(700);
    expect(seen).toEqual([held]);
  });

  it('fails a nudge that has stalled more times than allowed instead of running it again', async () => {
    const held = await readAsDeadWorker();
    // Two more workers took it over and died too: delivered three times.
    const [[id]] = (await redis.xrange(key, '-', '+')) as [[string, string[]]];
    await redis.xclaim(key, nudgeGroup, 'dead-worker-2', 0, id);
    await redis.xclaim(key, nudgeGroup, 'dead-worker-3', 0, id);
    const seen: InboundJob[] = [];
    const finals: [InboundJob, Error][] = [];
    await consumer(recording(seen), {
      claimIdleMs: 300,
      sweepEveryMs: 100,
      maxStalledCount: 2,
      onFinalFailure: (n, error) => {
        finals.push([n, error]);
        return Promise.resolve();
      },
    }).start();

    await waitFor(async () => finals.length === 1 && (await pendingCount()) === 0, 'the stalled nudge to fail');
    expect(finals[0]![0]).toEqual(held);
    expect(finals[0]![1].message).toMatch(/stalled/);
    expect(seen).toEqual([]);
    expect(await failures('true')).toBe(1);
  });

  it('keeps a slow nudge with the live worker running it: no other worker runs it too', async () => {
    const runs: string[] = [];
    let finished = false;
    const slow = consumer(
      async () => {
        runs.push('slow');
        await sleep(1_000);
        finished = true;
        return 'done';
      },
      { concurrency: 1, claimIdleMs: 300, sweepEveryMs: 100 },
    );
    await slow.start();
    await stream.add([nudge()]);
    await waitFor(async () => runs.length === 1, 'the slow worker to start');
    await consumer(
      () => {
        runs.push('sweeper');
        return Promise.resolve('done');
      },
      { claimIdleMs: 300, sweepEveryMs: 100 },
    ).start();

    await waitFor(async () => finished && (await pendingCount()) === 0, 'the slow nudge to finish');
    await sleep(300);
    expect(runs).toEqual(['slow']);
  });

  /** A worker fails a nudge once, and closes while the nudge waits a minute for its next try. */
  const closeWhileWaitingForRetry = async () => {
    const state = { tries: 0, added: nudge() };
    const first = consumer(
      () => {
        state.tries += 1;
        return Promise.reject(new Error('try later'));
      },
      { backoffMs: 60_000 },
    );
    await first.start();
    await stream.add([state.added]);
    await waitFor(async () => state.tries === 1, 'the first try');
    await first.close();
    return state;
  };

  it('does not lose a nudge waiting to be tried again when its worker closes', async () => {
    const closed = await closeWhileWaitingForRetry();
    const seen: InboundJob[] = [];
    await consumer(recording(seen), { claimIdleMs: 300, sweepEveryMs: 100 }).start();
    await waitFor(async () => seen.length === 1 && (await pendingCount()) === 0, 'the nudge to run');
    await sleep(500);
    expect(seen).toEqual([closed.added]);
    expect(closed.tries).toBe(1);
  });

  // Closing ends the read Redis holds open for the worker (CLIENT UNBLOCK) before handing
  // back: otherwise the handed-back nudge went straight to the closing worker's own read.
  it('hands back, on close, a nudge waiting to be tried again, at once, for another worker', async () => {
    const closed = await closeWhileWaitingForRetry();
    expect(await pendingCount()).toBe(0);
    expect(await stream.depth()).toEqual({ waiting: 1, active: 0 });
    const seen: InboundJob[] = [];
    await consumer(recording(seen)).start();
    await waitFor(async () => seen.length === 1 && (await pendingCount()) === 0, 'the handed-back nudge to run');
    expect(seen).toEqual([closed.added]);
  });

  it('waits, on close, for the nudges running to finish', async () => {
    let release: () => void = () => undefined;
    let started = false;
    let finished = false;
    const worker = consumer(async () => {
      started = true;
      await new Promise<void>((r) => (release = r));
      finished = true;
      return 'done';
    });
    await worker.start();
    await stream.add([nudge()]);
    await waitFor(async () => started, 'the nudge to start');

    let closed = false;
    const closing = worker.close().then(() => (closed = true));
    await sleep(200);
    expect(closed).toBe(false);
    release();
    await closing;
    expect(finished).toBe(true);
    expect(await pendingCount()).toBe(0);
  });

  it('trims finished nudges from the stream', async () => {
    const seen: InboundJob[] = [];
    await consumer(recording(seen)).start();
    await stream.add(Array.from({ length: 50 }, nudge));
    await waitFor(async () => seen.length === 50 && (await pendingCount()) === 0, 'all nudges to run');
    expect(await redis.xlen(key)).toBeGreaterThan(1);

    // The trim runs every 5 s; it keeps only the last nudge read (nothing is pending).
    await waitFor(async () => (await redis.xlen(key)) <= 1, 'the stream to be trimmed', 12_000);
    expect(await stream.depth()).toEqual({ waiting: 0, active: 0 });
  }, 20_000);

  // Redis reports an unknown lag as nil (ioredis: null), which is not a lag of 0.
  it('counts nudges not yet read from the stream when the group cannot tell its lag', async () => {
    await redis.xgroup('CREATE', key, nudgeGroup, '0', 'MKSTREAM');
    await stream.add([nudge(), nudge(), nudge()]);
    // An operator deletes one out of order: Redis then reports the group's lag as nil.
    const [, middle] = (await redis.xrange(key, '-', '+')).map(([id]) => id);
    await redis.xdel(key, middle!);
    expect(await stream.depth()).toEqual({ waiting: 2, active: 0 });
  });

  describe('Queues.add and addBulk for inbound', () => {
    let queues: Queues;
    beforeEach(() => {
      queues = new Queues(redis, prefix);
    });
    afterEach(async () => {
      await queues.close();
    });

    it('puts nudges on the stream, one or many at a time', async () => {
      const one = nudge();
      const many = [nudge(), nudge(), nudge()];
      await queues.add('inbound', one, { id: one.messageId });
      await queues.addBulk(
        'inbound',
        many.map((payload) => ({ payload, id: payload.messageId })),
      );
      expect(await queues.nudges.peek()).toEqual([one, ...many]);
      expect(await queues.nudges.depth()).toEqual({ waiting: 4, active: 0 });
    });

    it('refuses an invalid payload and writes nothing', async () => {
      const bad = { conversationId: 'not-a-uuid', messageId: randomUUID() };
      await expect(queues.add('inbound', bad, { id: 'bad' })).rejects.toThrow();
      await expect(
        queues.addBulk('inbound', [
          { payload: nudge(), id: 'good' },
          { payload: bad, id: 'bad' },
        ]),
      ).rejects.toThrow();
      expect(await redis.exists(key)).toBe(0);
      expect(await queues.nudges.peek()).toEqual([]);
    });
  });
});
