import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ZodType } from 'zod';
import { asCodedError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import {
  inboundRetry,
  payloadSchemas,
  type InboundJob,
  type JobPayloads,
  type JobQueueName,
  type QueueName,
} from './definitions.js';
import { NudgeConsumer } from './nudges.js';

/**
 * What a processor says about a job: done, or the conversation is busy with another
 * worker (the job steps aside briefly, keeping its attempts).
 */
export type ProcessResult = 'done' | 'busy';

export type Processors = {
  /** An inbound nudge (src/queues/nudges.ts): which conversation has stored messages. */
  inbound?: (payload: InboundJob) => Promise<ProcessResult>;
} & { [N in JobQueueName]?: (payload: JobPayloads[N], job: Job) => Promise<ProcessResult> };

export interface WorkerSettings {
  connection: Redis;
  prefix?: string;
  logger: Logger;
  metrics: Metrics;
  /** Jobs run at once per queue per process. @defaultValue 8 */
  concurrency?: number;
  /** How long a job's lock (a nudge's hold) lives before another worker may take it over (SIGKILL recovery). @defaultValue 30000 */
  lockDuration?: number;
  /** How often stalled jobs (nudges held by a dead worker) are looked for. @defaultValue 30000 */
  stalledInterval?: number;
  /** How long a busy conversation's job steps aside. @defaultValue 25 */
  busyDelayMs?: number;
  /** While true, only one inbound nudge runs at a time (webhooks waiting to be stored in this process). */
  yieldTo?: () => boolean;
  /** Called when a job will not be tried again. */
  onFinalFailure?: (queue: QueueName, payload: unknown, error: Error) => Promise<void>;
}

const maxStalledCount = 5;

export class Workers {
  readonly workers: Worker[] = [];
  /** The inbound nudges' consumer, when this process runs turns. */
  readonly nudges: NudgeConsumer | undefined;

  constructor(
    private readonly settings: WorkerSettings,
    processors: Processors,
  ) {
    const { inbound, ...jobs } = processors;
    for (const [name, processor] of Object.entries(jobs) as [JobQueueName, Processors[JobQueueName]][]) {
      if (processor)
        this.workers.push(this.start(name, processor as (payload: unknown, job: Job) => Promise<ProcessResult>));
    }
    this.nudges = inbound
      ? new NudgeConsumer({
          redis: settings.connection,
          prefix: settings.prefix ?? 'gw',
          process: inbound,
          logger: settings.logger,
          metrics: settings.metrics,
          concurrency: settings.concurrency ?? 8,
          ...inboundRetry,
          busyDelayMs: settings.busyDelayMs ?? 25,
          claimIdleMs: settings.lockDuration ?? 30_000,
          sweepEveryMs: settings.stalledInterval ?? 30_000,
          maxStalledCount,
          ...(settings.yieldTo ? { yieldTo: settings.yieldTo } : {}),
          ...(settings.onFinalFailure
            ? { onFinalFailure: (nudge, error) => settings.onFinalFailure!('inbound', nudge, error) }
            : {}),
        })
      : undefined;
  }

  private start(name: JobQueueName, processor: (payload: unknown, job: Job) => Promise<ProcessResult>): Worker {
    const { settings } = this;
    const schema: ZodType = payloadSchemas[name];
    const worker = new Worker(
      name,
      async (job, token) => {
        const parsed = schema.safeParse(job.data);
        // Bad input is never retried: it would fail the same way forever.
        if (!parsed.success)
          throw new UnrecoverableError(`invalid ${name} job payload: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
        const result = await processor(parsed.data, job);
        if (result === 'busy') {
          await job.moveToDelayed(Date.now() + (settings.busyDelayMs ?? 25), token);
          throw new DelayedError();
        }
      },
      {
        connection: settings.connection,
        prefix: settings.prefix ?? 'gw',
        concurrency: settings.concurrency ?? 8,
        lockDuration: settings.lockDuration ?? 30_000,
        stalledInterval: settings.stalledInterval ?? 30_000,
        maxStalledCount,
      },
    );
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      settings.metrics.jobsFailed.inc({ queue: name, final: String(final) });
      settings.logger.warn(
        {
          queue: name,
          jobId: job.id,
          attempt: job.attemptsMade,
          final,
          code: asCodedError(error).code,
          err: error.message,
        },
        'job failed',
      );
      if (final && settings.onFinalFailure) {
        settings
          .onFinalFailure(name, job.data, error)
          .catch((e: unknown) => settings.logger.error({ err: (e as Error).message }, 'final-failure handler failed'));
      }
    });
    worker.on('error', (error) => settings.logger.error({ queue: name, err: error.message }, 'worker error'));
    return worker;
  }

  async waitUntilReady(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.waitUntilReady()), this.nudges?.start()]);
  }

  /** Stop taking jobs and let the ones in flight finish (SIGTERM). */
  async close(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.close()), this.nudges?.close()]);
  }
}
