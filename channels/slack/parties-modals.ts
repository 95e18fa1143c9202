import type { types } from '@slack/bolt';
import { restrictionArrangements } from '../../src/cases/restrictions.js';
import type { CaseParty } from '../../src/db/parties.js';
import type { ContactRestriction } from '../../src/db/restrictions.js';
import type { Case } from '../../src/db/rows.js';
import type { PolicyPack } from '../../src/policy/index.js';
type Block = types.KnownBlock;
import { escapeSlack, truncate } from './escape.js';
import { kindLabel, staffDate } from './labels.js';

/** Buttons, modals and card lines for representatives, refusals and contact restrictions (issue 15 items 3, 4, 9). */

export const partyActionIds = {
  refuse: 'parties_refuse',
  writtenConsent: 'parties_written_consent',
  withdrawConsent: 'parties_withdraw_consent',
  restrict: 'parties_restrict',
  review: 'parties_review_restriction',
} as const;

export const partyCallbackIds = {
  refuse: 'parties_refuse_modal',
  refuseConfirm: 'parties_refuse_confirm',
  writtenConsent: 'parties_written_consent_modal',
  withdrawConsent: 'parties_withdraw_consent_modal',
  restrict: 'parties_restrict_modal',
  restrictConfirm: 'parties_restrict_confirm',
  review: 'parties_review_modal',
} as const;

type ModalView = types.ModalView;
type Option = types.PlainTextOption;

const option = (text: string, value: string): Option => ({
  text: { type: 'plain_text', text: truncate(text, 75) },
  value,
});

export const arrangementLabel: Record<(typeof restrictionArrangements)[number], string> = {
  single_point_of_contact: 'A single point of contact',
  written_contact_only: 'Contact in writing only',
  set_times: 'Calls at set times only',
  no_home_visits_alone: 'Home visits in pairs only',
  other: 'Something else (describe it)',
};

const consentLabel: Record<CaseParty['consent_status'], string> = {
  to_confirm: ":hourglass: consent not confirmed: record the customer's written consent",
  requested: ':hourglass: customer asked by text, no answer yet',
  confirmed: ':white_check_mark: customer agreed',
  declined: ':no_entry: customer said no',
  withdrawn: ':no_entry: customer withdrew consent',
};

function modal(callbackId: string, title: string, metadata: object, blocks: Block[], submit: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: truncate(title, 24) },
    submit: { type: 'plain_text', text: submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

function text(blockId: string, label: string, hint: string, optional = false): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: { type: 'plain_text', text: label },
    element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
    hint: { type: 'plain_text', text: hint },
  };
}

function select(blockId: string, label: string, options: Option[]): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    element: { type: 'static_select', action_id: 'value', options },
  };
}

function intro(markdown: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, 2900) } };
}

/** Refuse: one of the pack's reasons (Code 2024 section 2), and the colleague's reasoning. */
export function refuseModal(row: Case, pack: PolicyPack, thread: object | null): ModalView {
  return modal(
    partyCallbackIds.refuse,
    'Refuse complaint',
    { caseId: row.id, thread },
    [
      intro(
        `*${row.reference}* · ${kindLabel[row.kind]}\nA complaint may be refused only for one of these reasons (Code 2024 section 2). The customer gets a message and a letter in their format and language with the reason and the Ombudsman's details, and the case closes as *refused*.`,
      ),
      select(
        'reason',
        'Reason',
        pack.complaints.refusalReasons.map((r) => option(r.description, r.id)),
      ),
      text(
        'explanation',
        'Your reasoning',
        'Quoted in the letter and recorded on the case (Code 2024 2.1: show your reasoning).',
      ),
    ],
    'Refuse',
  );
}

/** Record the customer's written consent for a representative, or its withdrawal. */
export function consentModal(
  kind: 'written' | 'withdraw',
  row: Case,
  parties: readonly CaseParty[],
  thread: object | null,
): ModalView {
  const written = kind === 'written';
  return modal(
    written ? partyCallbackIds.writtenConsent : partyCallbackIds.withdrawConsent,
    written ? 'Written consent' : 'Withdraw consent',
    { caseId: row.id, thread },
    [
      intro(
        written
          ? `*${row.reference}*: the customer's written consent (a letter, a signed form) to us dealing with their representative. From now on the representative may be told about the case.`
          : `*${row.reference}*: the customer no longer wants this person to act for them. From now on nothing about the case goes to them.`,
      ),
      select(
        'party',
        'Representative',
        parties.map((p) =>
          option(
            `${p.name}${p.organisation ? ` (${p.organisation})` : p.relationship ? ` (${p.relationship})` : ''}`,
            p.id,
          ),
        ),
      ),
      text(
        'note',
        written ? 'Where is the consent?' : 'What did the customer say, and how?',
        'Recorded with the consent on the case.',
      ),
    ],
    written ? 'Record consent' : 'Withdraw',
  );
}

/** Restrict contact (seed 004): the reason, the arrangement, the review date; the customer gets a letter. */
export function restrictModal(row: Case, thread: object | null, today: string): ModalView {
  return modal(
    partyCallbackIds.restrict,
    'Restrict contact',
    { caseId: row.id, thread },
    [
      intro(
        `*${row.reference}*: only a person may restrict how a customer contacts us, in writing, with a reason and a review date, having regard to the Equality Act 2010 (reasonable adjustments). The customer gets a letter saying why, what changes and when it will be reviewed.`,
      ),
      text('reason', 'Why', 'The behaviour, with dates. Quoted in the letter.'),
      select(
        'arrangement',
        'Arrangement',
        restrictionArrangements.map((a) => option(arrangementLabel[a], a)),
      ),
      text('detail', 'Details', 'Who the single point of contact is, the times, or what "something else" means.', true),
      {
        type: 'input',
        block_id: 'review',
        label: { type: 'plain_text', text: 'Review by' },
        element: { type: 'datepicker', action_id: 'value', initial_date: today },
        hint: { type: 'plain_text', text: 'A reminder comes to this thread on the day.' },
      },
    ],
    'Restrict and write',
  );
}

/** The review of a restriction: keep it with a new date, or lift it. */
export function reviewModal(
  restriction: ContactRestriction,
  reference: string | null,
  thread: object | null,
): ModalView {
  return modal(
    partyCallbackIds.review,
    'Review restriction',
    { restrictionId: restriction.id, caseId: restriction.case_id, thread },
    [
      intro(
        `${reference ? `*${reference}*: ` : ''}${arrangementLabel[restriction.arrangement as keyof typeof arrangementLabel] ?? restriction.arrangement}, since ${staffDate(new Date(restriction.created_at))}.\n>${escapeSlack(truncate(restriction.reason, 500))}`,
      ),
      select('decision', 'Decision', [option('Keep it, review again', 'keep'), option('Lift it', 'lift')]),
      {
        type: 'input',
        block_id: 'review',
        optional: true,
        label: { type: 'plain_text', text: 'Next review by (if kept)' },
        element: { type: 'datepicker', action_id: 'value' },
      },
    ],
    'Save',
  );
}

/** What the card shows of representatives and restrictions, with their buttons. */
export function partyBlocks(
  row: Case,
  parties: readonly CaseParty[],
  restrictions: readonly ContactRestriction[],
  personal: boolean,
  withButtons: boolean,
): Block[] {
  const blocks: Block[] = [];
  const value = `case:${row.id}`;
  if (parties.length > 0) {
    const lines = parties.map(
      (p) =>
        `• ${personal ? escapeSlack(`${p.name}${p.organisation ? `, ${p.organisation}` : ''}${p.relationship ? ` (${p.relationship})` : ''}`) : 'A representative'}: ${consentLabel[p.consent_status]}`,
    );
    blocks.push(intro(`*Acting for the customer*\n${lines.join('\n')}`));
  }
  if (restrictions.length > 0) {
    const lines = restrictions.map(
      (r) =>
        `• \`CONTACT RESTRICTED\` ${arrangementLabel[r.arrangement as keyof typeof arrangementLabel] ?? r.arrangement}; review by *${staffDate(new Date(r.review_at))}*`,
    );
    blocks.push(intro(`*Contact restrictions*\n${lines.join('\n')}`));
  }
  if (!withButtons) return blocks;
  const elements: types.Button[] = [];
  const button = (label: string, actionId: string): types.Button => ({
    type: 'button',
    text: { type: 'plain_text', text: label },
    action_id: actionId,
    value,
  });
  if (row.status === 'open' && (row.kind === 'formal_complaint' || row.kind === 'first_time_fix'))
    elements.push(button('Refuse complaint', partyActionIds.refuse));
  if (parties.some((p) => p.consent_status !== 'confirmed' && p.consent_status !== 'withdrawn'))
    elements.push(button('Record written consent', partyActionIds.writtenConsent));
  if (parties.some((p) => p.consent_status !== 'withdrawn'))
    elements.push(button('Withdraw representative', partyActionIds.withdrawConsent));
  elements.push(button('Restrict contact', partyActionIds.restrict));
  blocks.push({ type: 'actions', block_id: 'parties_actions', elements });
  return blocks;
}

/** The review reminder, posted in the case's thread by the handoff queue; its button opens the review. */
export function reviewReminderBlocks(text: string, restrictionId: string): Block[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      block_id: 'parties_review',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Review restriction' },
          action_id: partyActionIds.review,
          value: `restriction:${restrictionId}`,
        },
      ],
    },
  ];
}
