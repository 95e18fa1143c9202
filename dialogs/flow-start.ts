import type { TriageResult } from './triage.js';

/** What a flow starts from: the customer's first message, what triage made of it, and when it came. */
export interface FlowStart {
  text: string;
  triage: TriageResult;
  /** ISO time of the first message: the case's receipt, from which the clocks count. */
  startedAt: string;
}

export const askId = 'ask';
