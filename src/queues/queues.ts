import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  defaultJobOptions,
  jobId,
  payloadSchemas,
  queueNames,
  type JobPayloads,
  type QueueName,
} from './definitions.js';

/** Typed producers for the four queues. Payloads are validated before they are written. */
export class Queues {
  readonly queues: { [N in QueueName]: Queue };

  constructor(
    connection: Redis | ConnectionOptions,
    readonly prefix = 'gw',
  ) {
    const make = (name: QueueName) => {
      const queue = new Queue(name, { connection, prefix, defaultJobOptions: defaultJobOptions[name] });
      // A lost connection is the connection owner's to log (once, not once per queue); the add
      // that failed rejects to its caller. Without a listener BullMQ writes each to stderr.
      queue.on('error', () => undefined);
      return queue;
    };
    this.queues = { inbound: make('inbound'), outbound: make('outbound'), handoff: make('handoff'), sla: make('sla') };
  }

  async add<N extends QueueName>(
    name: N,
    payload: JobPayloads[N],
    options: { id: string; delayMs?: number },
  ): Promise<void> {
    const data = payloadSchemas[name].parse(payload);
    await this.queues[name].add(name, data, {
      jobId: options.id,
      ...(options.delayMs ? { delay: Math.max(0, options.delayMs) } : {}),
    });
  }

  /** Several jobs in one round trip (the intake's group commit). */
  async addBulk<N extends QueueName>(name: N, jobs: { payload: JobPayloads[N]; id: string }[]): Promise<void> {
    if (jobs.length === 0) return;
    const schema = payloadSchemas[name];
    await this.queues[name].addBulk(jobs.map((j) => ({ name, data: schema.parse(j.payload), opts: { jobId: j.id } })));
  }

  /** Remove a job that has not run yet (closing a case cancels its SLA jobs). */
  async remove(name: QueueName, id: string): Promise<void> {
    const job = await this.queues[name].getJob(id);
    if (job && !(await job.isActive())) await job.remove().catch(() => undefined);
  }

  async depths(): Promise<Record<QueueName, Record<string, number>>> {
    const entries = await Promise.all(
      queueNames.map(
        async (n) =>
          [
            n,
            await this.queues[n].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<string, number>>;
  }

  async close(): Promise<void> {
    await Promise.all(queueNames.map((n) => this.queues[n].close()));
  }
}

export { jobId };
