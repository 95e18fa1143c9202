import type { Processors, WorkerSettings } from '../queues/workers.js';
import type { OutboundProcessor } from './outbound-processor.js';
import type { TurnProcessor } from './turn-processor.js';

/**
 * The inbound and outbound queue processors: a job only nudges its conversation, and
 * whoever holds the conversation's lock drains it; a job that finds it held steps aside.
 * The inbound job sends the turn's replies itself once the turn is stored
 * (docs/rules/turn-pipeline.md#delivery-in-the-turn): the TurnProcessor must be made with
 * `repliesDeliveredByCaller`. When the queue gives up on a send, the message is recorded
 * as failed so later messages can go and staff are told.
 */
export function conversationProcessors(
  turns: TurnProcessor,
  outbound: OutboundProcessor,
): {
  processors: Pick<Processors, 'inbound' | 'outbound'>;
  onFinalFailure: NonNullable<WorkerSettings['onFinalFailure']>;
  /** What an inbound job does for its conversation: the turn, then its replies sent or queued. */
  runInbound: (conversationId: string) => Promise<'done' | 'busy'>;
} {
  const runInbound = async (conversationId: string): Promise<'done' | 'busy'> => {
    const turn = await turns.drain(conversationId);
    if (!turn.acquired) return 'busy';
    // Also after a crash between storing the replies and sending them: the retried job sends them.
    await outbound.deliverNow(conversationId, turn.channelId, turn.pending);
    return 'done';
  };
  return {
    runInbound,
    processors: {
      inbound: async (job) => runInbound(job.conversationId),
      outbound: async (job) => ((await outbound.drain(job.conversationId)).acquired ? 'done' : 'busy'),
    },
    onFinalFailure: async (queue, payload, error) => {
      const job = payload as { conversationId: string; messageId: string };
      if (queue === 'outbound') await outbound.retriesExhausted(job.conversationId, job.messageId, error.message);
      if (queue === 'inbound') {
        await turns.retriesExhausted(job.conversationId, job.messageId, error.message);
        // What the failed turn stored before it failed (a notice it released) still goes.
        await outbound.deliverNow(job.conversationId);
      }
    },
  };
}
