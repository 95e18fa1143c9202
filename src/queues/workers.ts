import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ZodType } from 'zod';
import { asCodedError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { payloadSchemas, type JobPayloads, type QueueName } from './definitions.js';

/**
 * What a processor says about a job: done, or the conversation is busy with another
 * worker (the job steps aside briefly, keeping its attempts).
 */
export type ProcessResult = 'done' | 'busy';

export type Processors = { [N in QueueName]?: (payload: JobPayloads[N], job: Job) => Promise<ProcessResult> };

export interface WorkerSettings {
  connection: Redis | ConnectionOptions;
  prefix?: string;
  logger: Logger;
  metrics: Metrics;
  /** Jobs run at once per queue per process. @defaultValue 8 */
  concurrency?: number;
  /** How long a job's lock lives before another worker may take it over (SIGKILL recovery). @defaultValue 30000 */
  lockDuration?: number;
  /** How often stalled jobs are looked for. @defaultValue 30000 */
  stalledInterval?: number;
  /** How long a busy conversation's job steps aside. @defaultValue 25 */
  busyDelayMs?: number;
  /** Called when a job will not be tried again. */
  onFinalFailure?: (queue: QueueName, payload: unknown, error: Error) => Promise<void>;
}

export class Workers {
  readonly workers: Worker[] = [];

  constructor(
    private readonly settings: WorkerSettings,
    processors: Processors,
  ) {
    for (const [name, processor] of Object.entries(processors) as [QueueName, Processors[QueueName]][]) {
      if (processor)
        this.workers.push(this.start(name, processor as (payload: unknown, job: Job) => Promise<ProcessResult>));
    }
  }

  private start(name: QueueName, processor: (payload: unknown, job: Job) => Promise<ProcessResult>): Worker {
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
        maxStalledCount: 5,
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
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  /** Stop taking jobs and let the ones in flight finish (SIGTERM). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
