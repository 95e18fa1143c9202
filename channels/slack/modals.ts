import type { types } from '@slack/bolt';
import { extendableClocks, reclassifiableKinds, type ResponseOutcome } from '../../src/cases/staff-actions.js';
import type { Case } from '../../src/db/rows.js';
import type { PolicyPack } from '../../src/policy/index.js';
import { badgesFor, type Block, type CaseCardData } from './case-card.js';
import { callbackIds } from './ids.js';
import { channelLabel, clockLabel, kindLabel, staffDate } from './labels.js';

type ModalView = types.ModalView;
type Option = types.PlainTextOption;

const option = (text: string, value: string): Option => ({ text: { type: 'plain_text', text }, value });

function modal(callbackId: string, title: string, caseId: string, blocks: Block[], submit: string | null): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify({ caseId }),
    title: { type: 'plain_text', text: title },
    ...(submit ? { submit: { type: 'plain_text', text: submit } } : {}),
    close: { type: 'plain_text', text: submit ? 'Cancel' : 'Close' },
    blocks,
  };
}

function textInput(blockId: string, label: string, hint?: string, placeholder?: string): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: true,
      max_length: 2000,
      ...(placeholder ? { placeholder: { type: 'plain_text', text: placeholder } } : {}),
    },
    ...(hint ? { hint: { type: 'plain_text', text: hint } } : {}),
  };
}

/** Reclassify: to what, and why (the reason is recorded; the clocks are worked out again). */
export function reclassifyModal(row: Case): ModalView {
  const options = reclassifiableKinds.filter((k) => k !== row.kind).map((k) => option(kindLabel[k], k));
  return modal(
    callbackIds.reclassify,
    'Reclassify',
    row.id,
    [
      { type: 'section', text: { type: 'mrkdwn', text: `*${row.reference}* is a ${kindLabel[row.kind].toLowerCase()}. Its clocks will be worked out again from when it was received.` } },
      {
        type: 'input',
        block_id: 'kind',
        label: { type: 'plain_text', text: 'Reclassify as' },
        element: { type: 'static_select', action_id: 'value', options },
      },
      textInput('reason', 'Why', 'Recorded on the case for audit.'),
    ],
    'Reclassify',
  );
}

function capFor(pack: PolicyPack, clock: string): { workingDays: number; source: string } | null {
  if (clock === 'stage1_response') return pack.complaints.stage1.extensionCap;
  if (clock === 'stage2_response') return pack.complaints.stage2.extensionCap;
  return null;
}

/** Extend: which clock, the new date (within the pack's cap) and the reason the customer will be told. */
export function extendModal(data: CaseCardData, pack: PolicyPack): ModalView {
  const running = data.clocks.filter((c) => c.status === 'running' && (extendableClocks as readonly string[]).includes(c.name));
  if (running.length === 0) {
    return modal(
      callbackIds.extend,
      'Extend',
      data.case.id,
      [{ type: 'section', text: { type: 'mrkdwn', text: `*${data.case.reference}* has no response clock running, so there is nothing to extend.` } }],
      null,
    );
  }
  const facts = running.map((c) => {
    const cap = capFor(pack, c.name);
    return `• *${clockLabel(c.name)}*: due ${staffDate(new Date(c.due_at))} (originally ${staffDate(new Date(c.original_due_at))}). At most ${cap?.workingDays ?? 0} working days after the original date (${cap?.source ?? pack.id}).`;
  });
  const options = running.map((c) => option(clockLabel(c.name), c.name));
  return modal(
    callbackIds.extend,
    'Extend',
    data.case.id,
    [
      { type: 'section', text: { type: 'mrkdwn', text: `*${data.case.reference}*\n${facts.join('\n')}` } },
      {
        type: 'input',
        block_id: 'clock',
        label: { type: 'plain_text', text: 'Clock' },
        element: { type: 'static_select', action_id: 'value', options, ...(options[0] ? { initial_option: options[0] } : {}) },
      },
      { type: 'input', block_id: 'date', label: { type: 'plain_text', text: 'New due date' }, element: { type: 'datepicker', action_id: 'value' } },
      textInput('reason', 'Reason', "The customer is told this reason, the new date and the Housing Ombudsman's details."),
    ],
    'Extend',
  );
}

const outcomeLabels: Record<ResponseOutcome, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  resolved: 'Dealt with',
};

export function outcomesFor(row: Pick<Case, 'kind'>): ResponseOutcome[] {
  return row.kind === 'formal_complaint' ? ['upheld', 'partly_upheld', 'not_upheld'] : ['resolved'];
}

/** Resolve: the fields every response needs (domain-rules §3); the customer gets them on their channel. */
export function resolveModal(data: CaseCardData): ModalView {
  const { case: row } = data;
  const options = outcomesFor(row).map((o) => option(outcomeLabels[o], o));
  const channel = data.conversation ? channelLabel[data.conversation.channel_id] : 'no message channel';
  const badges = badgesFor(data);
  const how = `The customer gets this by *${channel}*${badges.length > 0 ? ` (${badges.join(', ')})` : ''}, in their language, with how to escalate.`;
  return modal(
    callbackIds.resolve,
    'Resolve',
    row.id,
    [
      { type: 'section', text: { type: 'mrkdwn', text: `*${row.reference}* · ${kindLabel[row.kind]}\n${how}` } },
      {
        type: 'input',
        block_id: 'outcome',
        label: { type: 'plain_text', text: 'Outcome' },
        element: { type: 'static_select', action_id: 'value', options, ...(options.length === 1 && options[0] ? { initial_option: options[0] } : {}) },
      },
      textInput('reasons', 'Reasons for the decision', 'In plain words the customer will understand.'),
      textInput('remedy', 'Remedy offered', 'Write "None" if there is none.'),
      textInput('outstanding', 'Outstanding actions', 'What is still to do, and by when. "None" if nothing.'),
      textInput('changes', 'Changes made', 'What has changed so it does not happen again. "None" if nothing.'),
    ],
    'Send response',
  );
}
