import { type JobsOptions } from 'bullmq';
import { z } from 'zod';

/** The four queues and their typed payloads. Job payloads are parsed with zod on both sides. */
export const queueNames = ['inbound', 'outbound', 'handoff', 'sla'] as const;
export type QueueName = (typeof queueNames)[number];
/** The queues kept by BullMQ; inbound nudges go on a Redis stream (src/queues/nudges.ts). */
export type JobQueueName = Exclude<QueueName, 'inbound'>;

/** A conversation has stored inbound messages to run through a turn. */
export const InboundJobSchema = z.object({
  conversationId: z.string().uuid(),
  messageId: z.string().uuid(),
});

/** A conversation has stored outbound messages to hand to its channel. */
export const OutboundJobSchema = z.object({
  conversationId: z.string().uuid(),
  messageId: z.string().uuid(),
});

/** Something colleagues must see in Slack. */
export const HandoffJobSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('case_created'), caseId: z.string().uuid() }),
  z.object({ type: z.literal('case_updated'), caseId: z.string().uuid(), change: z.string() }),
  z.object({ type: z.literal('customer_message'), conversationId: z.string().uuid(), messageId: z.string().uuid() }),
  z.object({
    type: z.literal('handoff_requested'),
    conversationId: z.string().uuid(),
    caseId: z.string().uuid().nullable(),
    reason: z.string(),
  }),
  z.object({
    type: z.literal('delivery_failed'),
    conversationId: z.string().uuid(),
    messageId: z.string().uuid(),
    detail: z.string(),
  }),
  z.object({
    type: z.literal('sla_alert'),
    caseId: z.string().uuid(),
    clock: z.string(),
    alert: z.enum(['reminder', 'breach']),
  }),
  z.object({
    type: z.literal('unclaimed_check'),
    conversationId: z.string().uuid(),
    caseId: z.string().uuid().nullable(),
    /** Why the customer is waiting: an emergency or a welfare concern is never promised a standard date. */
    reason: z.string().optional(),
  }),
  /** A colleague's message to the customer: confirm it in the thread, with its delivery status as it changes. */
  z.object({
    type: z.literal('reply_status'),
    conversationId: z.string().uuid(),
    messageId: z.string().uuid(),
    /** The thread it was written from, when known; else the conversation's latest. */
    thread: z.object({ channel: z.string().min(1), ts: z.string().min(1) }).optional(),
  }),
  /**
   * An emergency or welfare concern written while a colleague has (or is about to have) the
   * conversation: the customer had the safety advice from the bot; staff are alerted with a
   * mention in the conversation's thread (issue 11 item 7).
   */
  z.object({
    type: z.literal('safety_alert'),
    conversationId: z.string().uuid(),
    caseId: z.string().uuid().nullable(),
    messageId: z.string().uuid(),
    hazard: z.string().nullable(),
  }),
  /** An emergency (a case, or a live handoff with none) still unclaimed: alert again, until someone claims it. */
  z.object({
    type: z.literal('realert'),
    caseId: z.string().uuid().nullable(),
    conversationId: z.string().uuid().nullable(),
    round: z.number().int().min(1),
  }),
  /** A contact restriction's review date has come (seed 004): remind staff, unless it was lifted or moved since. */
  z.object({
    type: z.literal('restriction_review'),
    restrictionId: z.string().uuid(),
    reviewAt: z.string().datetime(),
  }),
]);

/** A clock's reminder or breach, fired at its time. */
export const SlaJobSchema = z.object({
  caseId: z.string().uuid(),
  clock: z.string().min(1),
  alert: z.enum(['reminder', 'breach']),
  /** The due date the job was made for: an extension makes an older job stale. */
  dueAt: z.string().datetime(),
});

export type InboundJob = z.infer<typeof InboundJobSchema>;
export type OutboundJob = z.infer<typeof OutboundJobSchema>;
export type HandoffJob = z.infer<typeof HandoffJobSchema>;
export type SlaJob = z.infer<typeof SlaJobSchema>;

export const payloadSchemas = {
  inbound: InboundJobSchema,
  outbound: OutboundJobSchema,
  handoff: HandoffJobSchema,
  sla: SlaJobSchema,
} as const;

export interface JobPayloads {
  inbound: InboundJob;
  outbound: OutboundJob;
  handoff: HandoffJob;
  sla: SlaJob;
}

/**
 * Job ids come from the provider's id (or our message id, itself stored once per
 * provider id), so a retried webhook finds its job already there. BullMQ reserves ':'.
 */
export function jobId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^\w.@+-]/g, '_')).join('-');
}

/**
 * An inbound nudge's tries: exponential backoff from 200 ms, ten tries (about 100 s), then
 * the final-failure handler shows the message to colleagues.
 */
export const inboundRetry = { attempts: 10, backoffMs: 200 } as const;

/**
 * Transient failures retry with exponential backoff.
 *
 * An outbound job is only a nudge: the database holds the messages and refuses a provider's
 * message id twice (docs/rules/turn-pipeline.md#nudges), so keeping a completed job buys no
 * guarantee and costs Redis a sorted-set entry, a hash and a trim per job. They go as they
 * complete. Handoff and SLA jobs stay a while: their ids are what make a second "call
 * colleagues" for the same failure, or a second clock alert, a no-op.
 */
export const defaultJobOptions: Record<JobQueueName, JobsOptions> = {
  outbound: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 86_400 },
  },
  handoff: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: { age: 86_400, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  },
  sla: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 7 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  },
};
