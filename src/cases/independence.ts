import type { Case } from '../db/rows.js';
import { PolicyError } from '../errors.js';
import type { PolicyPack } from '../policy/index.js';

/**
 * Who handled stage 1 of a case: the recorded handler, else (while still at stage 1) the
 * colleague who holds it.
 */
export function stage1HandlerOf(row: Pick<Case, 'stage' | 'stage1_handler' | 'assignee'>): string | null {
  return row.stage1_handler ?? (row.stage === 'stage1' ? row.assignee : null);
}

/**
 * Stage 2 independence (Code 2024 6.13; seed 004: a senior manager not involved at stage 1;
 * docs/rules/timescales.md#stage-2-handler): whoever handled stage 1 may not act on the
 * stage 2 complaint at all: not take it to stage 2, claim it, write to the customer about
 * it, extend it, record its steps or resolve it. A team lead is no exception. The caller
 * says what was attempted ("resolve"); the refusal tells the colleague why.
 */
export function assertStage2Independent(
  pack: PolicyPack,
  row: Pick<Case, 'reference' | 'stage' | 'stage1_handler' | 'assignee'>,
  actor: string,
  what: string,
  /** Whom the refusal is about when it is not the colleague acting (a lead assigning it to someone). */
  other?: string,
): void {
  const stage2 = pack.complaints.stage2;
  if (!stage2.handlerMustDifferFromStage1 || stage1HandlerOf(row) !== actor) return;
  throw new PolicyError(
    other
      ? `stage 2 of ${row.reference} must be handled by ${stage2.handlerRole}: ${other} handled stage 1, so they cannot ${what} it. Choose a colleague who was not involved at stage 1.`
      : `stage 2 of ${row.reference} must be handled by ${stage2.handlerRole}: you handled stage 1, so you cannot ${what} it. Ask a colleague who was not involved at stage 1.`,
  );
}
