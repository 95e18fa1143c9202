import type { types } from '@slack/bolt';
import { openSteps, type StepName } from '../../src/cases/steps.js';
import type { CaseRemedy, RemedyKind } from '../../src/db/remedies.js';
import type { Case, CaseClock, CaseEvent } from '../../src/db/rows.js';
import { escapeSlack, truncate } from './escape.js';
import { caseValue } from './ids.js';
import { actorMention, clockLabel, staffDate } from './labels.js';

type Block = types.KnownBlock;

/** The buttons and modal of the recorded steps and remedies (src/cases/steps.ts). */
export const stepActionPrefix = 'step_';
export const remedyActionIds = { record: 'remedy_record', paid: 'remedy_paid' } as const;
export const remedyCallbackId = 'remedy_modal';

export function stepActionId(step: StepName): string {
  return `${stepActionPrefix}${step}`;
}

/** What each step is called on its button and in the thread. */
export const stepLabel: Record<StepName, string> = {
  acknowledge: 'Acknowledge',
  investigation_recorded: 'Investigation done',
  summary_sent: 'Written summary sent',
  safety_work_started: 'Safety work started',
  made_safe: 'Made safe',
  response_sent: 'Response sent',
};

/** The `/case <ref> <verb>` words for each step. */
export const stepVerbs: Record<StepName, readonly string[]> = {
  acknowledge: ['acknowledge', 'acknowledged', 'ack'],
  investigation_recorded: ['investigated', 'investigation'],
  summary_sent: ['summary-sent', 'summary'],
  safety_work_started: ['safety-work-started', 'safety-work'],
  made_safe: ['made-safe'],
  response_sent: ['response-sent'],
};

export const remedyKindLabel: Record<RemedyKind, string> = {
  apology: 'Apology',
  repair: 'Repair',
  compensation: 'Compensation',
  other: 'Other',
};

/** 5000 → "£50.00". */
export function formatPence(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "£50", "50.5", "£1,250.00" → pence; null when it is not an amount. */
export function parsePounds(text: string): number | null {
  const match = /^£?\s*(\d{1,7}(?:,\d{3})*)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const pounds = Number((match[1] ?? '0').replace(/,/g, ''));
  const pence = Number((match[2] ?? '0').padEnd(2, '0'));
  return pounds * 100 + pence;
}

/**
 * A clock as staff read it: open (due), met on time, met late (it breached first, or was met
 * after its due date), breached, or cancelled (docs/rules/timescales.md#recorded-steps).
 */
export function clockState(clock: CaseClock): string {
  const due = staffDate(new Date(clock.due_at));
  switch (clock.status) {
    case 'running':
      return `due *${due}* · open`;
    case 'met': {
      const metAt = clock.met_at ? new Date(clock.met_at) : null;
      const late = clock.breached_at !== null || (metAt !== null && metAt.getTime() > new Date(clock.due_at).getTime());
      const when = metAt ? staffDate(metAt) : 'date not recorded';
      return late
        ? `:warning: *met late* on ${when} (was due ${due})`
        : `:white_check_mark: met on time on ${when} (due ${due})`;
    }
    case 'breached':
      return `:rotating_light: *breached* (was due ${due})`;
    case 'cancelled':
      return 'cancelled';
  }
}

function remedyLine(remedy: CaseRemedy, n: number): string {
  const amount = remedy.amount_pence !== null ? ` ${formatPence(remedy.amount_pence)}` : '';
  const paid =
    remedy.amount_pence === null
      ? ''
      : remedy.paid_at
        ? ` · :white_check_mark: paid ${staffDate(new Date(remedy.paid_at))}`
        : ' · *not paid yet*';
  const note = remedy.note ? `: ${escapeSlack(truncate(remedy.note, 300))}` : '';
  return `${n}. ${remedyKindLabel[remedy.kind]}${amount}${paid}${note} (${actorMention(remedy.recorded_by)}, ${staffDate(new Date(remedy.recorded_at))})`;
}

/** The remedies on the card (Code 2024 section 7), numbered as `/case <ref> paid <n>` names them. */
export function remediesBlock(remedies: readonly CaseRemedy[] | undefined): Block[] {
  if (!remedies || remedies.length === 0) return [];
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        verbatim: true,
        text: truncate(`*Remedies*\n${remedies.map((r, i) => remedyLine(r, i + 1)).join('\n')}`, 2900),
      },
    },
  ];
}

function confirmFor(step: StepName, row: Pick<Case, 'reference' | 'stage'>, clocks: readonly CaseClock[]) {
  const text =
    step === 'acknowledge'
      ? `Record that ${row.reference} is acknowledged now? Its response clock starts from today (Code 2024 ${row.stage === 'stage2' ? '6.14' : '6.3'}), and the customer is sent the acknowledgement with the response date.`
      : `Record "${stepLabel[step].toLowerCase()}" on ${row.reference} now? It meets the ${clocks.length > 0 ? 'open ' : ''}clock, on time or late.`;
  return {
    title: { type: 'plain_text' as const, text: truncate(stepLabel[step], 100) },
    text: { type: 'plain_text' as const, text: truncate(text, 300) },
    confirm: { type: 'plain_text' as const, text: 'Record it' },
    deny: { type: 'plain_text' as const, text: 'Cancel' },
  };
}

/** The step buttons for what can be recorded now, a remedy button, and "mark paid" for money owed. */
export function stepActionBlocks(
  row: Case,
  clocks: readonly CaseClock[],
  remedies: readonly CaseRemedy[] | undefined,
): Block[] {
  const value = caseValue(row.id);
  const steps: types.Button[] = openSteps(row, clocks).map((step) => ({
    type: 'button',
    text: { type: 'plain_text', text: stepLabel[step] },
    action_id: stepActionId(step),
    value,
    ...(step === 'acknowledge' ? { style: 'primary' as const } : {}),
    confirm: confirmFor(step, row, clocks),
  }));
  const remedyButtons: types.Button[] = [];
  if (row.kind === 'formal_complaint' || row.kind === 'first_time_fix' || (remedies?.length ?? 0) > 0)
    remedyButtons.push({
      type: 'button',
      text: { type: 'plain_text', text: 'Record remedy' },
      action_id: remedyActionIds.record,
      value,
    });
  (remedies ?? []).forEach((remedy, i) => {
    if (remedy.amount_pence === null || remedy.paid_at || remedyButtons.length >= 10) return;
    remedyButtons.push({
      type: 'button',
      text: { type: 'plain_text', text: truncate(`Mark ${i + 1} paid (${formatPence(remedy.amount_pence)})`, 75) },
      action_id: `${remedyActionIds.paid}_${i + 1}`,
      value: `remedy:${remedy.id}`,
      confirm: {
        title: { type: 'plain_text', text: 'Mark paid?' },
        text: {
          type: 'plain_text',
          text: `Record that ${formatPence(remedy.amount_pence)} to the customer has been paid today.`,
        },
        confirm: { type: 'plain_text', text: 'Mark paid' },
        deny: { type: 'plain_text', text: 'Cancel' },
      },
    });
  });
  const blocks: Block[] = [];
  if (steps.length > 0) blocks.push({ type: 'actions', block_id: 'case_step_actions', elements: steps });
  if (remedyButtons.length > 0)
    blocks.push({ type: 'actions', block_id: 'case_remedy_actions', elements: remedyButtons });
  return blocks;
}

/** Say which clock a step met and how, for the colleague and the thread. */
export function stepOutcome(step: StepName, clock: string, onTime: boolean, late: boolean): string {
  const how = late ? 'met late (it had breached)' : onTime ? 'met on time' : 'met late';
  return `${stepLabel[step]}: ${clockLabel(clock)} ${how}`;
}

/** The thread's line for a recorded step or remedy (change-notes.ts), from its audit event. */
export function stepNote(event: CaseEvent): string | null {
  const by = actorMention(event.actor);
  const data = event.data;
  if (event.type === 'step_recorded') {
    const step = typeof data.step === 'string' && data.step in stepLabel ? (data.step as StepName) : null;
    if (!step) return null;
    const outcome = stepOutcome(step, String(data.clock ?? ''), data.onTime === true, data.late === true);
    const note = typeof data.note === 'string' && data.note ? `: ${escapeSlack(truncate(data.note, 500))}` : '';
    const told =
      step === 'acknowledge' ? ' The customer has been sent the acknowledgement with the response date.' : '';
    return `:white_check_mark: ${outcome}, recorded by ${by}${note}.${told}`;
  }
  if (event.type === 'remedy_recorded') {
    const kind =
      typeof data.kind === 'string' && data.kind in remedyKindLabel
        ? remedyKindLabel[data.kind as RemedyKind]
        : 'Remedy';
    const amount = typeof data.amountPence === 'number' ? ` of ${formatPence(data.amountPence)}` : '';
    const note = typeof data.note === 'string' && data.note ? `: ${escapeSlack(truncate(data.note, 300))}` : '';
    return `:gift: ${kind}${amount} recorded by ${by}${note}.`;
  }
  if (event.type === 'remedy_paid') {
    const amount = typeof data.amountPence === 'number' ? formatPence(data.amountPence) : 'The remedy';
    return `:moneybag: ${amount} marked paid by ${by}.`;
  }
  return null;
}
