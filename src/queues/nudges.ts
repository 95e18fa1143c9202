import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { asCodedError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { InboundJobSchema, type InboundJob } from './definitions.js';

/**
 * The inbound nudges: a Redis stream read by a consumer group (docs/rules/turn-pipeline.md#nudges).
 *
 * An inbound nudge carries no message, only which conversation has stored work, and the
 * database refuses a provider's message id twice; a nudge run twice finds nothing to do.
 * So what a job queue keeps per job (a hash, its state lists, an event stream entry at each
 * step, a lock key) buys nothing here, and it cost about forty Redis commands a turn. A
 * stream entry is one XADD; a consumer reads many with one XREADGROUP and acknowledges many
 * with one XACK. What the queue did that is still needed is kept:
 *
 * - a worker that dies holding a nudge: the entry stays in the group's pending list, and
 *   another worker claims it once it has been idle as long as a job lock lived;
 * - retries with exponential backoff, then the final-failure handler, as the queue did;
 * - a conversation busy on another worker: its nudge steps aside and is tried again;
 * - a nudge that keeps killing its worker is failed after so many claims, not claimed forever.
 */
export const nudgeGroup = 'turns';

export function inboundStreamKey(prefix: string): string {
  return `${prefix}:nudges:inbound`;
}

/** What an XADD of a nudge carries: the conversation, and the message that caused it (for logs and the final-failure handler). */
function fieldsOf(nudge: InboundJob): string[] {
  return ['c', nudge.conversationId, 'm', nudge.messageId];
}

function nudgeOf(fields: unknown): InboundJob | undefined {
  if (!Array.isArray(fields)) return undefined;
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[String(fields[i])] = fields[i + 1];
  const parsed = InboundJobSchema.safeParse({ conversationId: record['c'], messageId: record['m'] });
  return parsed.success ? parsed.data : undefined;
}

/** The producer's side: stored messages' nudges, one XADD each, several in one round trip. */
export class NudgeStream {
  readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = inboundStreamKey(prefix);
  }

  async add(nudges: InboundJob[]): Promise<void> {
    if (nudges.length === 0) return;
    const valid = nudges.map((n) => InboundJobSchema.parse(n));
    if (valid.length === 1) {
      await this.redis.xadd(this.key, '*', ...fieldsOf(valid[0]!));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const nudge of valid) pipeline.xadd(this.key, '*', ...fieldsOf(nudge));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  /** Nudges not yet read by any worker, and read but not yet finished (for /metrics and tests). */
  async depth(): Promise<{ waiting: number; active: number }> {
    const groups = await this.redis.xinfo('GROUPS', this.key).catch((error: unknown) => {
      if (error instanceof Error && /no such key/i.test(error.message)) return [];
      throw error;
    });
    const group = (groups as unknown[][]).map(pairs).find((g) => g['name'] === nudgeGroup);
    if (!group) return { waiting: await this.redis.xlen(this.key), active: 0 };
    const lag = group['lag'] === null || group['lag'] === undefined ? NaN : Number(group['lag']);
    return {
      // A group that cannot tell its lag (entries deleted out of order) is counted from the stream.
      waiting: Number.isFinite(lag) ? lag : await this.redis.xlen(this.key),
      active: Number(group['pending'] ?? 0),
    };
  }

  /** The nudges in the stream, oldest first (tests and operators). */
  async peek(count = 100): Promise<InboundJob[]> {
    const entries = (await this.redis.xrange(this.key, '-', '+', 'COUNT', count)) as [string, string[]][];
    return entries.map(([, fields]) => nudgeOf(fields)).filter((n): n is InboundJob => n !== undefined);
  }
}

/** A flat [name, value, name, value…] reply as an object. */
function pairs(flat: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return record;
}

export interface NudgeConsumerOptions {
  /** A connection of the consumer's own; it makes a second one for its blocking reads. */
  redis: Redis;
  prefix: string;
  /** What a nudge does: 'busy' when the conversation is held elsewhere (tried again shortly). */
  process: (nudge: InboundJob) => Promise<'done' | 'busy'>;
  logger: Logger;
  metrics: Metrics;
  /** Nudges run at once. */
  concurrency: number;
  /** Tries before the final-failure handler, with exponential backoff from `backoffMs`. */
  attempts: number;
  backoffMs: number;
  /** How long a busy conversation's nudge steps aside. */
  busyDelayMs: number;
  /** A nudge held this long by a worker that stopped renewing it is claimed by another. */
  claimIdleMs: number;
  /** How often nudges held by dead workers are looked for. */
  sweepEveryMs: number;
  /** Claims of one nudge (its worker died each time) before it is failed. */
  maxStalledCount: number;
  onFinalFailure?: (nudge: InboundJob, error: Error) => Promise<void>;
  /**
   * True while this process has something more urgent to do (webhooks waiting to be stored):
   * only one nudge runs at a time until it is false again, so turns keep moving but do not
   * crowd out the storing. @defaultValue never
   */
  yieldTo?: () => boolean;
}

interface Held {
  id: string;
  nudge: InboundJob;
  /** This try's number, from 1. */
  attempt: number;
}

const blockMs = 2_000;
const ackBatchMs = 5;
const trimEveryMs = 5_000;
/** A consumer with nothing pending, silent this long, is a worker that has gone: it leaves the group. */
const goneConsumerMs = 3_600_000;

/**
 * A worker's side of the nudge stream: reads as many nudges as it has free slots, runs them,
 * acknowledges them in batches, and keeps the ones it holds (running, or waiting to be tried
 * again) from looking abandoned.
 */
export class NudgeConsumer {
  readonly key: string;
  readonly name = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly blocking: Redis;
  private readonly commands: Redis;
  private readonly ready: Held[] = [];
  private readonly held = new Map<string, Held>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly timers: NodeJS.Timeout[] = [];
  private active = 0;
  private acks: string[] = [];
  private ackTimer: NodeJS.Timeout | undefined;
  private acking: Promise<void> = Promise.resolve();
  private closing = false;
  private wakeReader: (() => void) | undefined;
  private idle: (() => void) | undefined;
  private reading: Promise<void> | undefined;
  private readyOnce: Promise<void> | undefined;
  private lastReadError = 0;
  /** The blocking connection's id on the server, so closing can end its wait (CLIENT UNBLOCK). */
  private blockingId: number | undefined;

  constructor(private readonly options: NudgeConsumerOptions) {
    this.key = inboundStreamKey(options.prefix);
    this.commands = options.redis.duplicate();
    this.blocking = options.redis.duplicate();
    this.commands.on('error', () => undefined);
    this.blocking.on('error', () => undefined);
  }

  /** Resolves once the group exists and the consumer is reading. */
  start(): Promise<void> {
    this.readyOnce ??= (async () => {
      await this.ensureGroup();
      const learnId = async () => {
        this.blockingId = Number(await this.blocking.client('ID'));
      };
      await learnId();
      // A reconnected connection has a new id.
      this.blocking.on('ready', () => void learnId().catch(() => undefined));
      this.reading = this.readLoop();
      // While Redis is away these fail on every tick: said once, until one succeeds again.
      const every = (ms: number, work: () => Promise<void>, what: string) => {
        let failing = false;
        const timer = setInterval(() => {
          work().then(
            () => {
              failing = false;
            },
            (error: unknown) => {
              if (!failing)
                this.options.logger.warn({ queue: 'inbound', err: (error as Error).message }, `${what} failed`);
              failing = true;
            },
          );
        }, ms);
        timer.unref();
        this.timers.push(timer);
      };
      every(Math.max(50, Math.floor(this.options.claimIdleMs / 3)), () => this.renew(), 'renewing held nudges');
      every(this.options.sweepEveryMs, () => this.claimAbandoned(), 'claiming abandoned nudges');
      every(trimEveryMs, () => this.trim(), 'trimming the nudge stream');
      // Nudges a worker held when it died are looked for at once, as a job queue's stalled check does.
      void this.claimAbandoned().catch(() => undefined);
    })();
    return this.readyOnce;
  }

  private async ensureGroup(): Promise<void> {
    try {
      // From the stream's beginning: nudges added before any worker made the group are read too.
      await this.commands.xgroup('CREATE', this.key, nudgeGroup, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('BUSYGROUP')) throw error;
    }
  }

  private limit(): number {
    return this.options.yieldTo?.() ? 1 : this.options.concurrency;
  }

  private free(): number {
    return this.limit() - this.active;
  }

  private async readLoop(): Promise<void> {
    while (!this.closing) {
      this.dispatch();
      const room = this.free() - this.ready.length;
      if (room <= 0) {
        if (this.limit() < this.options.concurrency) this.recheckSoon();
        await new Promise<void>((wake) => (this.wakeReader = wake));
        continue;
      }
      let reply: unknown;
      try {
        reply = await this.blocking.xreadgroup(
          'GROUP',
          nudgeGroup,
          this.name,
          'COUNT',
          room,
          'BLOCK',
          blockMs,
          'STREAMS',
          this.key,
          '>',
        );
      } catch (error) {
        if (this.closing) break;
        const message = error instanceof Error ? error.message : String(error);
        // Redis came back without our group (no persistence, or flushed): make it again. The
        // recovery sweep nudges whatever the database holds as pending.
        if (message.includes('NOGROUP')) await this.ensureGroup().catch(() => undefined);
        else {
          if (Date.now() - this.lastReadError > 30_000) {
            this.lastReadError = Date.now();
            this.options.logger.warn({ queue: 'inbound', err: message }, 'reading nudges failed; trying again');
          }
          await new Promise((done) => setTimeout(done, 1_000));
        }
        continue;
      }
      for (const [id, fields] of entriesOf(reply)) this.take(id, fields, 1);
    }
  }

  /** A nudge read or claimed: run it, or fail it at once if it cannot be read (never retried: it would fail forever). */
  private take(id: string, fields: unknown, attempt: number): void {
    const nudge = nudgeOf(fields);
    if (nudge && this.closing) {
      this.handBack([{ id, nudge, attempt }]);
      return;
    }
    if (!nudge) {
      this.options.metrics.jobsFailed.inc({ queue: 'inbound', final: 'true' });
      this.options.logger.warn({ queue: 'inbound', jobId: id }, 'job failed: invalid inbound nudge');
      this.ack(id);
      return;
    }
    const held = { id, nudge, attempt };
    this.held.set(id, held);
    this.ready.push(held);
  }

  private dispatch(): void {
    const limit = this.limit();
    // Held back for something more urgent: look again shortly.
    if (this.ready.length > 0 && this.active >= limit && limit < this.options.concurrency) this.recheckSoon();
    while (this.active < limit && this.ready.length > 0) {
      const next = this.ready.shift()!;
      this.active += 1;
      void this.run(next).finally(() => {
        this.active -= 1;
        this.dispatch();
        if (this.active === 0 && this.ready.length === 0) this.idle?.();
        this.wakeReader?.();
        this.wakeReader = undefined;
      });
    }
  }

  private recheck: NodeJS.Timeout | undefined;
  private recheckSoon(): void {
    this.recheck ??= setTimeout(() => {
      this.recheck = undefined;
      this.dispatch();
      this.wakeReader?.();
      this.wakeReader = undefined;
    }, 10);
  }

  private async run(held: Held): Promise<void> {
    let result: 'done' | 'busy';
    try {
      result = await this.options.process(held.nudge);
    } catch (error) {
      await this.failed(held, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (result === 'busy') this.later({ ...held }, this.options.busyDelayMs);
    else this.ack(held.id);
  }

  private async failed(held: Held, error: Error): Promise<void> {
    const { metrics, logger, attempts, backoffMs } = this.options;
    const final = held.attempt >= attempts;
    metrics.jobsFailed.inc({ queue: 'inbound', final: String(final) });
    logger.warn(
      {
        queue: 'inbound',
        jobId: held.id,
        attempt: held.attempt,
        final,
        code: asCodedError(error).code,
        err: error.message,
      },
      'job failed',
    );
    if (!final) {
      this.later({ ...held, attempt: held.attempt + 1 }, backoffMs * 2 ** (held.attempt - 1));
      return;
    }
    if (this.options.onFinalFailure) {
      await this.options
        .onFinalFailure(held.nudge, error)
        .catch((e: unknown) => logger.error({ err: (e as Error).message }, 'final-failure handler failed'));
    }
    this.ack(held.id);
  }

  /** Try again after `ms`; the nudge stays held (and renewed) meanwhile, its slot free for others. */
  private later(held: Held, ms: number): void {
    if (this.closing) {
      this.handBack([held]);
      return;
    }
    this.held.set(held.id, held);
    const timer = setTimeout(() => {
      this.retryTimers.delete(held.id);
      this.ready.push(held);
      this.dispatch();
    }, ms);
    this.retryTimers.set(held.id, timer);
  }

  /** Finished nudges are acknowledged together a few milliseconds later: one XACK for many. */
  private ack(id: string): void {
    this.held.delete(id);
    this.acks.push(id);
    this.ackTimer ??= setTimeout(() => {
      this.ackTimer = undefined;
      this.acking = this.acking.then(() => this.flushAcks());
    }, ackBatchMs);
  }

  private async flushAcks(): Promise<void> {
    const ids = this.acks;
    this.acks = [];
    if (ids.length === 0) return;
    try {
      await this.commands.xack(this.key, nudgeGroup, ...ids);
    } catch {
      // Redis away: the nudges stay pending and are claimed and run again later, finding nothing to do.
    }
  }

  /** Nudges this worker holds stay its own: their idle time starts again (JUSTID: not counted as a delivery). */
  private async renew(): Promise<void> {
    const ids = [...this.held.keys()];
    if (ids.length === 0) return;
    await this.commands.xclaim(this.key, nudgeGroup, this.name, 0, ...ids, 'JUSTID');
  }

  /** Nudges held by a worker that stopped renewing them (it died): claimed and run here. */
  private async claimAbandoned(): Promise<void> {
    if (this.closing) return;
    const { claimIdleMs, maxStalledCount, logger, metrics } = this.options;
    const rows = (await this.commands.xpending(this.key, nudgeGroup, 'IDLE', claimIdleMs, '-', '+', 100)) as [
      string,
      string,
      number,
      number,
    ][];
    const theirs = rows.filter(([id, consumer]) => consumer !== this.name || !this.held.has(id));
    if (theirs.length > 0) {
      const deliveries = new Map(theirs.map(([id, , , count]) => [id, count]));
      // The same idle bound: of two workers sweeping at once, only one claims each nudge.
      const claimed = entriesOf([
        [this.key, await this.commands.xclaim(this.key, nudgeGroup, this.name, claimIdleMs, ...deliveries.keys())],
      ]);
      for (const [id, fields] of claimed) {
        if ((deliveries.get(id) ?? 0) > maxStalledCount) {
          const nudge = nudgeOf(fields);
          metrics.jobsFailed.inc({ queue: 'inbound', final: 'true' });
          logger.warn({ queue: 'inbound', jobId: id }, 'job failed: stalled more than allowable limit');
          if (nudge && this.options.onFinalFailure)
            await this.options
              .onFinalFailure(nudge, new Error('job stalled more than allowable limit'))
              .catch((e: unknown) => logger.error({ err: (e as Error).message }, 'final-failure handler failed'));
          this.ack(id);
          continue;
        }
        this.take(id, fields, 1);
      }
      if (claimed.length > 0)
        logger.info({ queue: 'inbound', nudges: claimed.length }, 'claimed nudges a stopped worker held');
      this.dispatch();
    }
    await this.forgetGoneConsumers();
  }

  private async forgetGoneConsumers(): Promise<void> {
    const consumers = ((await this.commands.xinfo('CONSUMERS', this.key, nudgeGroup)) as unknown[][]).map(pairs);
    for (const c of consumers) {
      const name = String(c['name']);
      if (name !== this.name && Number(c['pending']) === 0 && Number(c['idle']) > goneConsumerMs)
        await this.commands.xgroup('DELCONSUMER', this.key, nudgeGroup, name);
    }
  }

  /**
   * Finished entries leave the stream: everything before the oldest nudge still pending (or,
   * with none pending, before the last one read) has been acknowledged. Entries not yet read
   * all come after the last one read.
   */
  private async trim(): Promise<void> {
    const summary = (await this.commands.xpending(this.key, nudgeGroup)) as [number, string | null, ...unknown[]];
    let floor = summary[0] > 0 ? summary[1] : null;
    if (!floor) {
      const groups = ((await this.commands.xinfo('GROUPS', this.key)) as unknown[][]).map(pairs);
      floor = String(groups.find((g) => g['name'] === nudgeGroup)?.['last-delivered-id'] ?? '0-0');
    }
    if (floor && floor !== '0-0') await this.commands.xtrim(this.key, 'MINID', floor);
  }

  /** Nudges this worker will not run (it is stopping): put back in the stream for another, and let go of these. */
  private handBack(items: Held[]): void {
    if (items.length === 0) return;
    const pipeline = this.commands.pipeline();
    for (const item of items) {
      this.held.delete(item.id);
      pipeline.xadd(this.key, '*', ...fieldsOf(item.nudge));
      pipeline.xack(this.key, nudgeGroup, item.id);
    }
    this.acking = this.acking.then(() =>
      pipeline.exec().then(
        () => undefined,
        () => undefined,
      ),
    );
  }

  /** Stop reading; let the nudges running finish; hand back the ones waiting to be tried again. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.recheck) clearTimeout(this.recheck);
    this.wakeReader?.();
    // End the read Redis is holding open for us before letting go of anything: a nudge put
    // back in the stream while it waits would be handed straight to this closing worker.
    if (this.blockingId !== undefined) await this.commands.client('UNBLOCK', this.blockingId).catch(() => undefined);
    await Promise.race([this.reading, new Promise((done) => setTimeout(done, blockMs + 500))]);
    this.blocking.disconnect();
    const waiting = [...this.retryTimers.entries()].map(([id, timer]) => {
      clearTimeout(timer);
      return this.held.get(id);
    });
    this.retryTimers.clear();
    this.handBack([...waiting.filter((h): h is Held => h !== undefined), ...this.ready.splice(0)]);
    if (this.active > 0) await new Promise<void>((done) => (this.idle = done));
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    this.acking = this.acking.then(() => this.flushAcks());
    await this.acking;
    await this.commands.quit().catch(() => this.commands.disconnect());
  }
}

/** XREADGROUP's and XCLAIM's entries as [id, fields] pairs; anything else is skipped. */
function entriesOf(reply: unknown): [string, unknown][] {
  if (!Array.isArray(reply)) return [];
  const entries: [string, unknown][] = [];
  for (const stream of reply) {
    if (!Array.isArray(stream) || !Array.isArray(stream[1])) continue;
    for (const entry of stream[1] as unknown[]) {
      // A claimed entry the stream no longer has comes back as its id with no fields.
      if (Array.isArray(entry) && typeof entry[0] === 'string') entries.push([entry[0], entry[1]]);
    }
  }
  return entries;
}
