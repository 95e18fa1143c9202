import type { SlackCoreStore } from './ports.js';
import type { CaseEvent } from '../../src/db/rows.js';
import { deliveryChangeNote, isDeliveryChange } from './delivery-lines.js';
import { escapeSlack, truncate } from './escape.js';
import { actorMention, clockLabel, kindLabel, staffDate } from './labels.js';
import { stepNote } from './step-card.js';

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function kind(value: unknown): string {
  const k = str(value);
  return k in kindLabel ? kindLabel[k as keyof typeof kindLabel].toLowerCase() : k;
}

/** The case event behind a change, for who did it and why. */
const eventFor: Record<string, string> = {
  claimed: 'claimed',
  reclassified: 'reclassified',
  extended: 'clock_extended',
  resolved: 'case_resolved',
  stage2_requested: 'stage2_requested',
  stage2_taken: 'stage2_taken',
  became_stage1: 'became_stage1',
  handed_back: 'handed_back',
  fulfilment_task: 'fulfilment_task_opened',
  fulfilment_task_done: 'fulfilment_task_done',
  assigned: 'assigned',
  closed: 'case_closed',
  duplicate_linked: 'duplicate_linked',
  step_recorded: 'step_recorded',
  remedy_recorded: 'remedy_recorded',
  remedy_paid: 'remedy_paid',
  survey_answered: 'survey_answered',
  rights_contact: 'rights_contact_given',
};

const closedAs: Record<string, string> = {
  withdrawn: 'as withdrawn by the customer',
  duplicate: 'as a duplicate',
  no_response: 'without a response',
};

function referenceOf(value: unknown): string {
  return value && typeof value === 'object' && typeof (value as { reference?: unknown }).reference === 'string'
    ? (value as { reference: string }).reference
    : '';
}

/** How staff name the formats that people, not the gateway, produce. */
const formatLabel: Record<string, string> = {
  braille: 'braille',
  audio: 'audio',
  bsl: 'BSL video',
  interpreter: 'an interpreter',
  another_language: 'a translation',
};

const contactGiven: Record<string, string> = {
  name: 'their name',
  email: 'an email address',
  address: 'a postal address',
};

function describe(change: string, event: CaseEvent | undefined): string | null {
  const by = actorMention(event?.actor);
  const data = event?.data ?? {};
  const reason = escapeSlack(truncate(str(data.reason), 500));
  switch (change) {
    case 'claimed':
      return data.from && data.from !== event?.actor
        ? `:raising_hand: Taken over by ${by} (was ${actorMention(str(data.from))}).`
        : `:raising_hand: Claimed by ${by}.`;
    case 'reclassified':
      return `:label: Reclassified from ${kind(data.from)} to ${kind(data.to)} by ${by}: ${reason}. The clocks have been worked out again.`;
    case 'extended':
      return `:calendar: ${clockLabel(str(data.clock))} extended to *${staffDate(new Date(str(data.newDueAt)))}* by ${by}: ${reason}. The customer has been told the new date, the reason and the Housing Ombudsman's details.`;
    case 'resolved':
      return `:white_check_mark: Resolved by ${by}. The response has gone to the customer, with how to escalate.`;
    case 'stage2_requested':
      return event?.actor === 'bot'
        ? ':arrow_double_up: The customer asked for stage 2.'
        : `:arrow_double_up: Escalated to stage 2 by ${by}.`;
    case 'stage2_taken':
      return `:bust_in_silhouette: Stage 2 is handled by ${by}.`;
    case 'became_stage1':
      return ':warning: Not put right in time: this is now a stage 1 complaint, and the customer has been told.';
    case 'handed_back':
      return `:robot_face: Handed back to the assistant by ${by}.`;
    case 'fulfilment_task': {
      const format = formatLabel[str(data.format)] ?? escapeSlack(str(data.format));
      const due = str(data.dueAt) ? ` by *${staffDate(new Date(str(data.dueAt)))}*` : '';
      return `:open_book: The customer needs ${escapeSlack(truncate(str(data.kind).replace(/_/g, ' '), 80))} in ${format}: the accessibility team must send it${due}.`;
    }
    case 'assigned':
      return `:bust_in_silhouette: Assigned to ${actorMention(str(data.to))} by ${by}${data.from ? ` (was ${actorMention(str(data.from))})` : ''}.`;
    case 'closed': {
      const original = referenceOf(data.duplicateOf);
      return `:file_folder: Closed ${closedAs[str(data.as)] ?? ''}${original ? ` of *${escapeSlack(original)}*` : ''} by ${by}: ${reason}. Nothing was sent to the customer.`;
    }
    case 'duplicate_linked':
      return `:link: *${escapeSlack(referenceOf(data.duplicate))}* was closed as a duplicate of this case by ${by}.`;
    case 'survey_answered':
      return `:bar_chart: The customer answered the satisfaction survey: ${typeof data.satisfaction === 'number' ? `${data.satisfaction} out of 5` : 'no score'}, handled fairly: ${data.handledFairly === true ? 'yes' : data.handledFairly === false ? 'no' : 'not answered'}.`;
    case 'rights_contact': {
      // What was given, never the details themselves: the card shows them, a thread keeps them.
      const given = Array.isArray(data.given) ? data.given.filter((g): g is string => typeof g === 'string') : [];
      const words = given.map((g) => contactGiven[g] ?? escapeSlack(g)).join(' and ');
      return `:id: The customer gave ${words || 'their details'} for checking who they are and for the reply: see the card.`;
    }
    case 'fulfilment_task_done':
      return `:ballot_box_with_check: The ${formatLabel[str(data.format)] ?? escapeSlack(str(data.format))} version has been sent (${by}).`;
    case 'step_recorded':
    case 'remedy_recorded':
    case 'remedy_paid':
      return event ? stepNote(event) : null;
    default:
      return null;
  }
}

/** A line for the case thread saying what changed, by whom and why; null when there is nothing to say. */
export async function changeNote(store: SlackCoreStore, caseId: string, change: string): Promise<string | null> {
  if (isDeliveryChange(change)) return deliveryChangeNote(await store.listEvents(caseId), change);
  const type = eventFor[change];
  if (!type) return null;
  const events = await store.listEvents(caseId);
  const event = [...events].reverse().find((e) => e.type === type);
  return describe(change, event);
}
