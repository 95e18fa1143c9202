import type { types } from '@slack/bolt';
import {
  caseKindsFromChat,
  extendableClocks,
  reclassifiableKinds,
  type CustomerPreview,
  type ResponseOutcome,
} from '../../src/cases/staff-actions.js';
import type { Case, Conversation, Customer } from '../../src/db/rows.js';
import type { PolicyPack } from '../../src/policy/index.js';
import { badgesFor, closableWithoutResponse, type Block, type CaseCardData } from './case-card.js';
import { escapeSlack, truncate } from './escape.js';
import { callbackIds } from './ids.js';
import {
  actorMention,
  channelLabel,
  clockLabel,
  formatLabel,
  kindLabel,
  languageName,
  outcomeLabel,
  staffDate,
} from './labels.js';

type ModalView = types.ModalView;
type Option = types.PlainTextOption;

const option = (text: string, value: string): Option => ({ text: { type: 'plain_text', text }, value });

function modal(callbackId: string, title: string, caseId: string, blocks: Block[], submit: string | null): ModalView {
  return view(callbackId, title, JSON.stringify({ caseId }), blocks, submit);
}

function view(
  callbackId: string,
  title: string,
  metadata: string,
  blocks: Block[],
  submit: string | null,
  close?: string,
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: metadata,
    title: { type: 'plain_text', text: truncate(title, 24) },
    ...(submit ? { submit: { type: 'plain_text', text: submit } } : {}),
    close: { type: 'plain_text', text: close ?? (submit ? 'Cancel' : 'Close') },
    blocks,
  };
}

/** A modal that only says something: a refusal, a preview that expired. */
export function messageView(title: string, text: string): ModalView {
  return view(
    'gateway_message',
    title,
    '{}',
    [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 2900) } }],
    null,
  );
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
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${row.reference}* is a ${kindLabel[row.kind].toLowerCase()}. Its clocks will be worked out again from when it was received.`,
        },
      },
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
  const running = data.clocks.filter(
    (c) => c.status === 'running' && (extendableClocks as readonly string[]).includes(c.name),
  );
  if (running.length === 0) {
    return modal(
      callbackIds.extend,
      'Extend',
      data.case.id,
      [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `*${data.case.reference}* has no response clock running, so there is nothing to extend.`,
          },
        },
      ],
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
        element: {
          type: 'static_select',
          action_id: 'value',
          options,
          ...(options[0] ? { initial_option: options[0] } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'date',
        label: { type: 'plain_text', text: 'New due date' },
        element: { type: 'datepicker', action_id: 'value' },
      },
      textInput(
        'reason',
        'Reason',
        "The customer is told this reason, the new date and the Housing Ombudsman's details.",
      ),
    ],
    'Preview',
  );
}

export function outcomesFor(row: Pick<Case, 'kind'>): ResponseOutcome[] {
  return row.kind === 'formal_complaint' ? ['upheld', 'partly_upheld', 'not_upheld'] : ['resolved'];
}

/** Resolve: the fields every response needs (docs/rules/responses.md#response-contents); the customer gets them on their channel. */
export function resolveModal(data: CaseCardData): ModalView {
  const { case: row } = data;
  const options = outcomesFor(row).map((o) => option(outcomeLabel(o), o));
  const channel = data.conversation ? channelLabel[data.conversation.channel_id] : 'no message channel';
  const badges = badgesFor(data);
  const how = `The customer gets this by *${channel}*${badges.length > 0 ? ` (${badges.map((b) => escapeSlack(b)).join(', ')})` : ''}, in their language, with how to escalate.`;
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
        element: {
          type: 'static_select',
          action_id: 'value',
          options,
          ...(options.length === 1 && options[0] ? { initial_option: options[0] } : {}),
        },
      },
      textInput('reasons', 'Reasons for the decision', 'In plain words the customer will understand.'),
      textInput('remedy', 'Remedy offered', 'Write "None" if there is none.'),
      textInput('outstanding', 'Outstanding actions', 'What is still to do, and by when. "None" if nothing.'),
      textInput('changes', 'Changes made', 'What has changed so it does not happen again. "None" if nothing.'),
    ],
    'Preview',
  );
}

// ── previews: exactly what the customer will receive, before it goes ───────────

/** Where the customer reads it: "by *SMS*, in Polski (Polish)". */
function whereRead(preview: CustomerPreview): string {
  if (!preview.channelId) return 'no message channel';
  return `by *${channelLabel[preview.channelId]}*, in ${languageName(preview.lang)}`;
}

/**
 * A confirmation that shows what the customer will receive, word for word, in the order it
 * is sent, and the letter as they will see it. Pushed over the form it came from, so
 * "Back" returns to the form with what was written.
 */
export function previewView(input: {
  callbackId: string;
  title: string;
  metadata: string;
  /** What is about to happen, in a line. */
  lead: string;
  preview: CustomerPreview;
  submit: string;
  /** Pushed over a form: its close button goes back to it. */
  pushed: boolean;
}): ModalView {
  const { preview } = input;
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: truncate(input.lead, 2900) } }];
  if (preview.messages.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `The customer receives ${preview.messages.length === 1 ? 'this' : `these ${preview.messages.length} messages, in this order,`} ${whereRead(preview)}:`,
        },
      ],
    });
    for (const text of preview.messages) {
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: truncate(
            escapeSlack(text)
              .split('\n')
              .map((l) => `>${l}`)
              .join('\n'),
            2900,
          ),
        },
      });
    }
  }
  if (preview.letter) {
    const format = formatLabel[preview.letter.format];
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:page_facing_up: *The letter*, as the customer will see it (${format}, ${languageName(preview.letter.language)}): <${preview.letter.url}|open it> · <${preview.letter.pdfUrl}|PDF>\nThey get their own link to it in one more message. This preview link works for a day.`,
      },
    });
  }
  if (preview.notSent)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `:information_source: ${escapeSlack(preview.notSent)}` },
    });
  if (preview.messages.length === 0 && !preview.letter && !preview.notSent) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: ':information_source: Nothing is sent to the customer.' },
    });
  }
  if (preview.claims)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Nobody holds this case: doing this makes it yours.' }],
    });
  return view(input.callbackId, input.title, input.metadata, blocks, input.submit, input.pushed ? 'Back' : 'Cancel');
}

/** Reply to customer: what to write. Only this is sent; the thread stays internal. */
export function replyModal(input: {
  metadata: string;
  reference: string | null;
  conversation: Conversation;
  customer: Customer | undefined;
  holder: string | null;
  initial?: string;
}): ModalView {
  const lang = input.customer?.preferred_language ?? input.conversation.locale ?? 'en';
  const about = input.reference ? `*${input.reference}*: ` : '';
  const blocks: Block[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${about}to the customer by *${channelLabel[input.conversation.channel_id]}*. Only what you write here is sent; messages in the card's thread stay internal. You see it as they will before it goes.`,
      },
    },
  ];
  if (lang !== 'en') {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:speech_balloon: The customer reads ${languageName(lang)}: write in it if you can, or in plain English.`,
        },
      ],
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: input.holder
          ? `Held by ${actorMention(input.holder)}.`
          : 'Nobody holds this yet: sending makes it yours, and the customer is told who you are.',
      },
    ],
  });
  blocks.push({
    type: 'input',
    block_id: 'message',
    label: { type: 'plain_text', text: 'Message' },
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: true,
      max_length: 1500,
      ...(input.initial ? { initial_value: truncate(input.initial, 1500) } : {}),
    },
    hint: { type: 'plain_text', text: 'Plain text: the customer cannot see Slack formatting or mentions.' },
  });
  return view(callbackIds.reply, 'Reply to customer', input.metadata, blocks, 'Preview');
}

/** Close without a response: how, why, and (for a duplicate) the case it duplicates. Nothing is sent. */
export function closeModal(row: Case): ModalView {
  const options = [option('Withdrawn by the customer', 'withdrawn'), option('Duplicate of another case', 'duplicate')];
  if (closableWithoutResponse(row)) options.push(option('Resolved without a response', 'no_response'));
  const rule = closableWithoutResponse(row)
    ? ''
    : '\nA complaint at this stage must be answered in writing (Resolve) unless the customer withdrew it or it duplicates another case (Code 2024 5 and 6).';
  return modal(
    callbackIds.close,
    'Close case',
    row.id,
    [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${row.reference}* · ${kindLabel[row.kind]}\n:information_source: *Nothing is sent to the customer.* The reason is recorded on the case.${rule}`,
        },
      },
      {
        type: 'input',
        block_id: 'as',
        label: { type: 'plain_text', text: 'Close as' },
        element: { type: 'static_select', action_id: 'value', options },
      },
      {
        type: 'input',
        block_id: 'duplicate_of',
        optional: true,
        label: { type: 'plain_text', text: 'Duplicate of' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: 20,
          placeholder: { type: 'plain_text', text: 'CMP-2026-000123' },
        },
        hint: {
          type: 'plain_text',
          text: 'For a duplicate: the reference of the case it repeats. The two cards link to each other.',
        },
      },
      textInput('reason', 'Why', 'Recorded on the case for audit.'),
    ],
    'Close case',
  );
}

/** Assign: to which colleague. */
export function assignModal(row: Case): ModalView {
  return modal(
    callbackIds.assign,
    'Assign',
    row.id,
    [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${row.reference}* · ${kindLabel[row.kind]}${row.assignee ? `\nHeld by ${actorMention(row.assignee)}.` : '\nNobody holds it yet.'}`,
        },
      },
      {
        type: 'input',
        block_id: 'assignee',
        label: { type: 'plain_text', text: 'Give it to' },
        element: { type: 'users_select', action_id: 'value' },
      },
    ],
    'Assign',
  );
}

/** Make a case from a live chat: what it is, in the customer's words; the conversation is attached. */
export function makeCaseModal(input: {
  metadata: string;
  customerWords: string;
  receivedAt: Date;
  attached: number;
}): ModalView {
  const options = caseKindsFromChat.map((k) => option(kindLabel[k], k));
  return view(
    callbackIds.makeCase,
    'Make a case',
    input.metadata,
    [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `The customer's ${input.attached} message${input.attached === 1 ? '' : 's'} so far go on the case, and its clocks run from the first (${staffDate(input.receivedAt)}). You see what the customer is told before it goes.`,
        },
      },
      {
        type: 'input',
        block_id: 'kind',
        label: { type: 'plain_text', text: 'What it is' },
        element: { type: 'static_select', action_id: 'value', options },
      },
      {
        type: 'input',
        block_id: 'words',
        label: { type: 'plain_text', text: 'In their words' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: 2900,
          ...(input.customerWords ? { initial_value: truncate(input.customerWords, 2900) } : {}),
        },
        hint: { type: 'plain_text', text: "Keep the customer's own words: the case quotes them." },
      },
      {
        type: 'input',
        block_id: 'outcome',
        optional: true,
        label: { type: 'plain_text', text: 'What they want' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
      },
      {
        type: 'input',
        block_id: 'agreed',
        optional: true,
        label: { type: 'plain_text', text: 'Formal complaint' },
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [
            {
              text: { type: 'plain_text', text: 'The customer agreed to this being recorded as a complaint' },
              value: 'yes',
            },
          ],
        },
        hint: { type: 'plain_text', text: 'Needed for a formal complaint (Code 2024 1.3): ask them first.' },
      },
    ],
    'Preview',
  );
}
