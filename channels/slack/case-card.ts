import type { types } from '@slack/bolt';
import type { CaseStore } from '../../src/db/case-store.js';
import type { Case, CaseClock, Consent, Conversation, Customer } from '../../src/db/rows.js';
import { extendableClocks } from '../../src/cases/staff-actions.js';
import { escapeSlack, quoteSlack, truncate } from './escape.js';
import { actionIds, caseValue } from './ids.js';
import {
  actorMention,
  channelLabel,
  clockLabel,
  consentLabel,
  contactBadge,
  formatBadge,
  kindLabel,
  languageBadge,
  stageLabel,
  staffDate,
  statusLabel,
} from './labels.js';
import { mentionMarkup } from './routing.js';

export type Block = types.KnownBlock;

/** Everything a case card shows, read in one place. */
export interface CaseCardData {
  case: Case;
  clocks: CaseClock[];
  customer: Customer | undefined;
  conversation: Conversation | undefined;
  consents: Consent[];
}

export async function loadCaseCard(store: CaseStore, caseId: string): Promise<CaseCardData | undefined> {
  const row = await store.getCase(caseId);
  if (!row) return undefined;
  const [clocks, customer, conversation, consents] = await Promise.all([
    store.listClocks(caseId),
    row.customer_id ? store.getCustomer(row.customer_id) : Promise.resolve(undefined),
    row.conversation_id ? store.getConversation(row.conversation_id) : Promise.resolve(undefined),
    row.customer_id ? store.currentConsents({ customerId: row.customer_id }) : store.currentConsents({ caseId }),
  ]);
  return { case: row, clocks, customer, conversation, consents };
}

/** LARGE PRINT, POLSKI, BY SMS, REPRESENTATIVE...: what a colleague must not miss before replying. */
export function badgesFor(data: Pick<CaseCardData, 'customer' | 'case'>): string[] {
  const badges: string[] = [];
  const customer = data.customer;
  if (customer) {
    const language = languageBadge(customer.preferred_language);
    if (language) badges.push(language);
    if (customer.preferred_format !== 'standard') badges.push(formatBadge[customer.preferred_format]);
    if (customer.contact_method) badges.push(contactBadge[customer.contact_method]);
  }
  if (data.case.representative) badges.push('REPRESENTATIVE');
  return badges;
}

function reasonsOf(row: Case): string[] {
  const reasons = row.classification?.reasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
}

function clockLine(clock: CaseClock): string {
  const due = staffDate(new Date(clock.due_at));
  const state =
    clock.status === 'running'
      ? `due *${due}*`
      : clock.status === 'met'
        ? `met (was due ${due})`
        : clock.status === 'breached'
          ? `:rotating_light: *breached* (was due ${due})`
          : `cancelled`;
  const extension = clock.extension_reason ? ` · extended: ${escapeSlack(truncate(clock.extension_reason, 200))}` : '';
  return `• ${clockLabel(clock.name)}: ${state}${extension}`;
}

function consentLine(consent: Consent): string {
  return `${consent.granted ? ':white_check_mark:' : ':x:'} ${consentLabel[consent.kind]} (${escapeSlack(consent.wording_version)})`;
}

/** The card's notification text: shown in alerts and to screen readers; customer words escaped. */
export function caseCardText(data: CaseCardData, mention: string | null): string {
  const { case: row } = data;
  const lead = mentionMarkup(mention);
  return `${lead ? `${lead} ` : ''}${row.reference} · ${kindLabel[row.kind]} · ${stageLabel[row.stage]}: ${escapeSlack(truncate(row.customer_words, 150))}`;
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value, ...(style ? { style } : {}) };
}

/** The buttons that make sense for the case as it is now. */
function actionsFor(data: CaseCardData): types.Button[] {
  const { case: row } = data;
  const value = caseValue(row.id);
  const buttons: types.Button[] = [];
  if (row.status === 'open') {
    buttons.push(button(row.assignee ? 'Take over' : 'Claim', actionIds.claim, value, row.assignee ? undefined : 'primary'));
    buttons.push(button('Reclassify', actionIds.reclassify, value));
    if (data.clocks.some((c) => c.status === 'running' && (extendableClocks as readonly string[]).includes(c.name))) {
      buttons.push(button('Extend', actionIds.extend, value));
    }
    buttons.push(button('Resolve', actionIds.resolve, value));
  }
  if (row.kind === 'formal_complaint' && row.stage === 'stage1' && row.status === 'resolved') {
    buttons.push(button('Escalate to stage 2', actionIds.stage2, value, 'danger'));
  }
  if (data.conversation && data.conversation.handoff_state !== 'bot') buttons.push(button('Hand back to assistant', actionIds.handBack, value));
  return buttons;
}

/** The case card: what it is and why, who the customer is and how to reach them, the clocks, and their own words. */
export function caseCardBlocks(data: CaseCardData, mention: string | null, options: { withActions?: boolean } = {}): Block[] {
  const { case: row, conversation } = data;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${row.reference} · ${kindLabel[row.kind]} · ${stageLabel[row.stage]}`, 150) } },
  ];
  const lead = mentionMarkup(mention);
  if (lead) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${lead} *Emergency*: someone must take this now.` } });

  const handler = row.assignee ? `Claimed by ${actorMention(row.assignee)}` : '_Unclaimed_';
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Status*\n${statusLabel[row.status]}` },
      { type: 'mrkdwn', text: `*Handled by*\n${handler}` },
      { type: 'mrkdwn', text: `*Category*\n${escapeSlack(row.category ?? 'not set')}${row.team ? ` (${escapeSlack(row.team)})` : ''}` },
      { type: 'mrkdwn', text: `*Received*\n${staffDate(new Date(row.received_at))}` },
    ],
  });

  const reasons = reasonsOf(row);
  const flags = row.flags.length > 0 ? `\n*Flags*: ${row.flags.map((f) => `\`${escapeSlack(f)}\``).join(' ')}` : '';
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      verbatim: true,
      text: truncate(`*Why ${kindLabel[row.kind].toLowerCase()}*\n${reasons.length > 0 ? reasons.map((r) => `• ${escapeSlack(r)}`).join('\n') : '• set by a colleague'}${flags}`, 2900),
    },
  });

  const badges = badgesFor(data).map((b) => `\`${b}\``);
  const channel = conversation ? channelLabel[conversation.channel_id] : channelLabel[row.channel_id];
  const state = conversation ? (conversation.handoff_state === 'bot' ? 'assistant answering' : conversation.handoff_state === 'queued' ? 'waiting for a colleague' : `with ${actorMention(conversation.assignee)}`) : null;
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `*${channel}*${state ? ` (${state})` : ''}${badges.length > 0 ? `  ${badges.join(' ')}` : ''}` }],
  });
  if (data.customer?.access_needs) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', verbatim: true, text: `Access needs: ${escapeSlack(truncate(data.customer.access_needs, 300))}` }] });
  }
  if (row.representative) {
    const rep = row.representative;
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', verbatim: true, text: `Representative: ${escapeSlack(truncate(`${rep.name} (${rep.relationship}${rep.organisation ? `, ${rep.organisation}` : ''})`, 300))}` }],
    });
  }

  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: `*Consents*\n${data.consents.length > 0 ? data.consents.map(consentLine).join('\n') : '_none recorded_'}` },
  });
  const clocks = data.clocks.filter((c) => c.status !== 'cancelled');
  blocks.push({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: truncate(`*Clocks*\n${clocks.length > 0 ? clocks.map(clockLine).join('\n') : '_none running_'}`, 2900) } });

  const words = row.desired_outcome ? `${quoteSlack(row.customer_words)}\n*What they want*\n${quoteSlack(row.desired_outcome)}` : quoteSlack(row.customer_words);
  blocks.push({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: truncate(`*In their words*\n${words}`, 2900) } });

  if (options.withActions !== false) {
    const buttons = actionsFor(data);
    if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'case_actions', elements: buttons });
  }
  return blocks;
}
