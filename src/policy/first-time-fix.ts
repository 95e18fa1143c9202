import type { PolicyPack } from './pack-schema.js';

export interface FirstTimeFixFacts {
  pack: PolicyPack;
  /** When the customer first made contact. */
  receivedAt: Date;
  /** The ftf_resolve clock's due date. */
  dueAt: Date;
  /** Whether the fix was done and the customer is satisfied. */
  resolved: boolean;
  /** When the customer asked for it to be a complaint, if they did. */
  customerAskedAt?: Date;
  now: Date;
}

export interface FirstTimeFixOutcome {
  becomesStage1: boolean;
  /** True when no one has to decide: the pack moves it on its own once overdue. */
  automatic: boolean;
  /** The receipt time the stage 1 clocks count from; null when it stays a first-time fix. */
  stage1ReceivedAt: Date | null;
  basis: string;
}

/**
 * Whether a first-time fix now becomes a stage 1 complaint. Under the Code pack an
 * unresolved fix past its due date becomes stage 1 automatically (Code 5.2/5.3 allow no
 * stage 0), counting from the first contact; under the seed pack an informal complaint not
 * resolved in time moves to formal (seed 004), counting from when it moved. A customer who
 * asks for a complaint gets one at once, in both packs (Code 1.3; seed 004).
 */
export function firstTimeFixOutcome({
  pack,
  receivedAt,
  dueAt,
  resolved,
  customerAskedAt,
  now,
}: FirstTimeFixFacts): FirstTimeFixOutcome {
  const ftf = pack.complaints.firstTimeFix;
  const fromOriginal = ftf.stage1ClockStartsAt === 'original_receipt';
  if (customerAskedAt && customerAskedAt.getTime() <= now.getTime()) {
    return {
      becomesStage1: true,
      automatic: false,
      stage1ReceivedAt: fromOriginal ? receivedAt : customerAskedAt,
      basis: `the customer asked for a complaint; stage 1 counts from ${fromOriginal ? 'the first contact' : 'their request'} (${ftf.source})`,
    };
  }
  if (!resolved && ftf.unresolvedBecomesStage1 && now.getTime() > dueAt.getTime()) {
    // Under the seed pack it moved the moment the fix became overdue, not when a job noticed.
    const movedAt = new Date(dueAt.getTime() + 1);
    return {
      becomesStage1: true,
      automatic: true,
      stage1ReceivedAt: fromOriginal ? receivedAt : movedAt,
      basis: `not resolved by its due date, so it becomes a stage 1 complaint counted from ${fromOriginal ? 'the first contact' : 'when it became overdue'} (${ftf.source})`,
    };
  }
  return {
    becomesStage1: false,
    automatic: false,
    stage1ReceivedAt: null,
    basis: resolved ? 'resolved as a first-time fix' : 'still within the first-time fix timescale',
  };
}
