import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  defaultJobOptions,
  jobId,
  payloadSchemas,
  queueNames,
  type JobPayloads,
  type JobQueueName,
  type QueueName,
} from './definitions.js';
import { NudgeStream } from './nudges.js';

/**
 * Typed producers for the four queues. Payloads are validated before they are written.
 * Inbound nudges go on a Redis stream (src/queues/nudges.ts), the others on BullMQ.
 */
export class Queues {
  readonly queues: { [N in JobQueueName]: Queue };
  readonly nudges: NudgeStream;

  constructor(
    connection: Redis,
    readonly prefix = 'gw',
  ) {
    this.nudges = new NudgeStream(connection, prefix);
    const make = (name: JobQueueName) => {
      const queue = new Queue(name, { connection, prefix, defaultJobOptions: defaultJobOptions[name] });
      // A lost connection is the connection owner's to log (once, not once per queue); the add
      // that failed rejects to its caller. Without a listener BullMQ writes each to stderr.
      queue.on('error', () => undefined);
      return queue;
    };
    this.queues = { outbound: make('outbound'), handoff: make('handoff'), sla: make('sla') };
  }

  /**
   * `options.id` makes a repeat of a BullMQ job a no-op; an inbound nudge has none (a repeat
   * finds nothing to do, docs/rules/turn-pipeline.md#nudges) and no delay.
   */
  async add<N extends QueueName>(
    name: N,
    payload: JobPayloads[N],
    options: { id: string; delayMs?: number },
  ): Promise<void> {
    if (name === 'inbound') {
      await this.nudges.add([payloadSchemas.inbound.parse(payload)]);
      return;
    }
    const queue = name as JobQueueName;
    const data = payloadSchemas[queue].parse(payload);
    await this.queues[queue].add(queue, data, {
      jobId: options.id,
      ...(options.delayMs ? { delay: Math.max(0, options.delayMs) } : {}),
    });
  }

  /** Several jobs in one round trip (the intake's group commit). */
  async addBulk<N extends QueueName>(name: N, jobs: { payload: JobPayloads[N]; id: string }[]): Promise<void> {
    if (jobs.length === 0) return;
    if (name === 'inbound') {
      await this.nudges.add(jobs.map((j) => payloadSchemas.inbound.parse(j.payload)));
      return;
    }
    const queue = name as JobQueueName;
    const schema = payloadSchemas[queue];
    await this.queues[queue].addBulk(
      jobs.map((j) => ({ name: queue, data: schema.parse(j.payload), opts: { jobId: j.id } })),
    );
  }

  /** Remove a job that has not run yet (closing a case cancels its SLA jobs). */
  async remove(name: JobQueueName, id: string): Promise<void> {
    const job = await this.queues[name].getJob(id);
    if (job && !(await job.isActive())) await job.remove().catch(() => undefined);
  }

  async depths(): Promise<Record<QueueName, Record<string, number>>> {
    const entries = await Promise.all(
      queueNames.map(
        async (n) =>
          [
            n,
            n === 'inbound'
              ? await this.nudges.depth()
              : await this.queues[n].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<string, number>>;
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}

export { jobId };
