import type { types } from '@slack/bolt';
import { extendableClocks, isEmergencyCase, needsResponse } from '../../src/cases/staff-actions.js';
import type { SlackCoreStore } from './ports.js';
import type { Case, CaseClock, CaseEvent, Consent, Conversation, Customer } from '../../src/db/rows.js';
import type { PrivacyNotice } from '../../src/db/privacy-notices.js';
import { capabilitiesOf } from '../../src/channel.js';
import { contactByText, deliveryNote, nationText } from './delivery-lines.js';
import { escapeSlack, quoteSlack, truncate } from './escape.js';
import { actionIds, caseValue } from './ids.js';
import {
  actorMention,
  channelLabel,
  clockLabel,
  consentLabel,
  contactBadge,
  contactLabel,
  formatBadge,
  formatLabel,
  kindLabel,
  languageBadge,
  languageName,
  outcomeLabel,
  stageLabel,
  staffDate,
  statusLabel,
} from './labels.js';
import { mentionMarkup } from './routing.js';
import { surveyBlocks } from './survey-card.js';
import type { SlackStore, SlackThread } from './slack-store.js';
import type { CaseRemedy } from '../../src/db/remedies.js';
import { clockState, remediesBlock, stepActionBlocks } from './step-card.js';
import type { CaseParty } from '../../src/db/parties.js';
import type { ContactRestriction } from '../../src/db/restrictions.js';
import { partyBlocks } from './parties-modals.js';

export type Block = types.KnownBlock;

/** Another case this one is linked to (a duplicate), with its card's link when known. */
export interface LinkedCase {
  id: string;
  reference: string;
  permalink: string | null;
}

/** Everything a case card shows, read in one place. */
export interface CaseCardData {
  case: Case;
  clocks: CaseClock[];
  customer: Customer | undefined;
  conversation: Conversation | undefined;
  consents: Consent[];
  /** The audit trail: stage 2 reasons, the stage 1 decision, notes, duplicates. */
  events: CaseEvent[];
  /** Every card of the case, oldest first (the stage 1 thread is the first). */
  threads: SlackThread[];
  /** Cases this one duplicates or is duplicated by. */
  linked: LinkedCase[];
  /**
   * Whether the card may show who and where the customer is (name, contact details,
   * address, tenancy, representative, vulnerability): only in a private channel. @defaultValue false
   */
  personal?: boolean;
  /** What the customer is told when a colleague takes their live conversation, for the Claim button's confirmation. */
  joinPreview?: string | null;
  /** What was done to put it right (case_remedies). @defaultValue none */
  remedies?: CaseRemedy[];
  /** Representatives acting for the customer, with where their consent stands (issue 15 item 3). */
  parties?: CaseParty[];
  /** Contact restrictions in force (issue 15 item 9). */
  restrictions?: ContactRestriction[];
  /** When the customer was told what is kept and why (issue 16): a record of telling, not a consent. */
  privacyNotices?: PrivacyNotice[];
}

function linkedIds(events: readonly CaseEvent[], row: Case): string[] {
  const ids = new Set<string>();
  const take = (value: unknown) => {
    if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string')
      ids.add((value as { id: string }).id);
  };
  take(row.resolution?.duplicateOf);
  for (const event of events) {
    if (event.type === 'duplicate_linked') take(event.data.duplicate);
  }
  ids.delete(row.id);
  return [...ids];
}

export async function loadCaseCard(
  store: SlackCoreStore,
  slackStore: Pick<SlackStore, 'listSlackThreadsForCase'>,
  caseId: string,
): Promise<CaseCardData | undefined> {
  const row = await store.getCase(caseId);
  if (!row) return undefined;
  const [clocks, customer, conversation, consents, events, threads, remedies, parties, restrictions, privacyNotices] =
    await Promise.all([
      store.listClocks(caseId),
      row.customer_id ? store.getCustomer(row.customer_id) : Promise.resolve(undefined),
      row.conversation_id ? store.getConversation(row.conversation_id) : Promise.resolve(undefined),
      row.customer_id ? store.currentConsents({ customerId: row.customer_id }) : store.currentConsents({ caseId }),
      store.listEvents(caseId),
      slackStore.listSlackThreadsForCase(caseId),
      store.listRemedies(caseId),
      store.listParties(caseId),
      store.activeRestrictions({ customerId: row.customer_id, caseId }),
      store.listPrivacyNotices(row.customer_id, row.conversation_id ? [row.conversation_id] : []),
    ]);
  const linked: LinkedCase[] = [];
  for (const id of linkedIds(events, row)) {
    const other = await store.getCase(id);
    if (!other) continue;
    const cards = await slackStore.listSlackThreadsForCase(id);
    linked.push({ id, reference: other.reference, permalink: cards.findLast((t) => t.permalink)?.permalink ?? null });
  }
  return {
    case: row,
    clocks,
    customer,
    conversation,
    consents,
    events,
    threads,
    linked,
    remedies,
    parties,
    restrictions,
    privacyNotices,
  };
}

/** LARGE PRINT, POLSKI, BY SMS, REPRESENTATIVE...: what a colleague must not miss before replying. */
export function badgesFor(
  data: Pick<CaseCardData, 'customer' | 'case'> & Partial<Pick<CaseCardData, 'consents'>>,
): string[] {
  const badges: string[] = [];
  const customer = data.customer;
  if (customer) {
    const language = languageBadge(customer.preferred_language);
    if (language) badges.push(language);
    if (customer.preferred_format !== 'standard') badges.push(formatBadge[customer.preferred_format]);
    if (customer.contact_method) badges.push(contactBadge[customer.contact_method]);
    // Seed 000, Code 6.1: treat people as individuals. Health details only while their permission stands (migration 009).
    const health = data.consents?.find((c) => c.kind === 'health_details');
    if (customer.vulnerable && (data.consents === undefined || health?.granted)) badges.push('VULNERABLE HOUSEHOLD');
    if (customer.contact_adjustments)
      badges.push(`CONTACT: ${truncate(customer.contact_adjustments.replace(/[`\n]/g, ' '), 80).toUpperCase()}`);
  }
  if (data.case.flags.includes('hazard:no_heat_vulnerable') && !badges.includes('VULNERABLE HOUSEHOLD'))
    badges.push('VULNERABLE HOUSEHOLD');
  // The triage flags a representative it heard ("I'm writing for my mum") before the details are taken.
  if (data.case.representative || data.case.flags.includes('representative')) badges.push('REPRESENTATIVE');
  return badges;
}

function reasonsOf(row: Case): string[] {
  const reasons = row.classification?.reasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
}

function clockLine(clock: CaseClock): string {
  const state = clockState(clock);
  const extension = clock.extension_reason ? ` · extended: ${escapeSlack(truncate(clock.extension_reason, 200))}` : '';
  return `• ${clockLabel(clock.name)}: ${state}${extension}`;
}

const noticeResponse: Record<PrivacyNotice['response'], string> = {
  acknowledged: 'given; they went on',
  declined: 'given; they said no at first',
  went_ahead: 'given; they said no at first, then chose to go on',
  stopped: 'given; they chose not to go on',
};

function noticeLine(notice: PrivacyNotice): string {
  return `:information_source: Privacy notice ${noticeResponse[notice.response]} (${escapeSlack(notice.wording_version)}, ${staffDate(new Date(notice.given_at))})`;
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

function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
  confirm?: types.ConfirmationDialog,
): types.Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
    ...(confirm ? { confirm } : {}),
  };
}

function confirmation(title: string, text: string, yes: string): types.ConfirmationDialog {
  return {
    title: { type: 'plain_text', text: truncate(title, 100) },
    text: { type: 'plain_text', text: truncate(text, 300) },
    confirm: { type: 'plain_text', text: yes },
    deny: { type: 'plain_text', text: 'Cancel' },
  };
}

/** Whether a colleague may write to this case's customer from Slack at all (a private channel to write on). */
export function canWriteToCustomer(data: Pick<CaseCardData, 'conversation'>): boolean {
  return data.conversation !== undefined && !capabilitiesOf(data.conversation.channel_id).isPublic;
}

/** The buttons that make sense for the case as it is now: what is done most first, the rest after. */
function actionsFor(data: CaseCardData): Block[] {
  const { case: row } = data;
  const value = caseValue(row.id);
  const main: types.Button[] = [];
  const more: types.Button[] = [];
  if (row.status === 'open') {
    const told = data.joinPreview ? ` The customer will be told:\n“${data.joinPreview}”` : '';
    if (row.assignee) {
      main.push(
        button(
          'Take over',
          actionIds.claim,
          value,
          undefined,
          confirmation('Take over this case?', `It is held by a colleague; it becomes yours.${told}`, 'Take over'),
        ),
      );
    } else {
      main.push(
        button(
          'Claim',
          actionIds.claim,
          value,
          'primary',
          told ? confirmation('Claim this case?', `The customer is waiting for a person.${told}`, 'Claim') : undefined,
        ),
      );
    }
    if (canWriteToCustomer(data)) main.push(button('Reply to customer', actionIds.reply, value));
    if (data.clocks.some((c) => c.status === 'running' && (extendableClocks as readonly string[]).includes(c.name)))
      main.push(button('Extend', actionIds.extend, value));
    main.push(button('Resolve', actionIds.resolve, value));
    more.push(button('Assign', actionIds.assign, value));
    more.push(button('Reclassify', actionIds.reclassify, value));
    more.push(button('Close', actionIds.close, value));
  }
  if (row.kind === 'formal_complaint' && row.stage === 'stage1' && row.status === 'resolved') {
    main.push(button('Escalate to stage 2', actionIds.stage2, value, 'danger'));
  }
  if (data.conversation && data.conversation.handoff_state !== 'bot')
    more.push(button('Hand back to assistant', actionIds.handBack, value));
  const blocks: Block[] = [];
  if (main.length > 0) blocks.push({ type: 'actions', block_id: 'case_actions', elements: main });
  // The steps of the Code and Awaab's Law that meet a clock, and remedies (src/cases/steps.ts).
  blocks.push(...stepActionBlocks(row, data.clocks, data.remedies));
  if (more.length > 0) blocks.push({ type: 'actions', block_id: 'case_more_actions', elements: more });
  return blocks;
}

/** Who holds the case, and at stage 2 who held stage 1 (they may not take stage 2: Code 2024 6.13). */
function handlerText(row: Case): string {
  const holder = row.assignee ? `Claimed by ${actorMention(row.assignee)}` : '_Unclaimed_';
  const stage1 = row.stage === 'stage2' && row.stage1_handler ? `\nStage 1: ${actorMention(row.stage1_handler)}` : '';
  return `${holder}${stage1}`;
}

/** Signs of vulnerability the triage or the customer gave (docs/rules/hazards.md#emergencies; Code 6.1), in words. */
function vulnerabilityOf(row: Case): string[] {
  const signs: string[] = [];
  if (row.flags.includes('hazard:no_heat_vulnerable')) signs.push('a vulnerable person with no heating or hot water');
  if (row.flags.includes('safeguarding')) signs.push('a safeguarding or welfare concern');
  if (row.flags.includes('hazard:person_at_risk')) signs.push('someone at risk');
  return signs;
}

/** Who and where: only in a private channel (personal details, and health is special category data: UK GDPR Art. 9). */
function customerBlocks(data: CaseCardData): Block[] {
  const { customer, case: row } = data;
  const lines: string[] = [];
  const preferences: string[] = [];
  if (customer) {
    preferences.push(`Language: ${languageName(customer.preferred_language)}`);
    preferences.push(`Format: ${formatLabel[customer.preferred_format]}`);
    const contactBy = contactByText(customer, data.personal === true);
    if (contactBy) preferences.push(contactBy);
    const nation = nationText(customer, data.case);
    if (nation) preferences.push(nation);
    const delivered = deliveryNote(data.events);
    if (delivered) preferences.push(delivered);
  }
  if (!data.personal) {
    const hidden: Block = {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: ':lock: Name, contact details, address and vulnerability are shown only in private channels.',
        },
      ],
    };
    return preferences.length > 0
      ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: preferences.join(' · ') }] }, hidden]
      : [hidden];
  }
  const esc = (text: string, max = 200) => escapeSlack(truncate(text, max));
  if (customer) {
    lines.push(`*Name*: ${customer.name ? esc(customer.name) : '_not given_'}`);
    const contact = [customer.phone ? esc(customer.phone) : null, customer.email ? esc(customer.email) : null].filter(
      (c): c is string => c !== null,
    );
    lines.push(`*Contact*: ${contact.length > 0 ? contact.join(' · ') : '_none on file_'}`);
    const address = [
      customer.address ? esc(customer.address.replace(/\s*\n\s*/g, ', '), 300) : null,
      customer.postcode ? `*${esc(customer.postcode, 12)}*` : null,
    ].filter((a): a is string => a !== null);
    lines.push(`*Address*: ${address.length > 0 ? address.join(', ') : '_not given_'}`);
    if (customer.tenancy_ref) lines.push(`*Tenancy*: ${esc(customer.tenancy_ref, 60)}`);
  } else {
    lines.push('_No customer record: they have not agreed to the privacy notice, or wrote in public._');
  }
  if (row.representative) {
    const rep = row.representative;
    lines.push(
      `*Representative* \`REPRESENTATIVE\`: ${esc(`${rep.name} (${rep.relationship}${rep.organisation ? `, ${rep.organisation}` : ''})${rep.contact ? ` · ${rep.contact}` : ''}`, 300)}`,
    );
  } else if (row.flags.includes('representative')) {
    lines.push('*Representative* `REPRESENTATIVE`: someone may be writing for the customer; details not taken yet.');
  }
  const vulnerable = vulnerabilityOf(row);
  const adjustments = customer?.access_needs ? esc(customer.access_needs, 300) : null;
  if (vulnerable.length > 0 || adjustments) {
    lines.push(
      `*Vulnerability and adjustments*: ${[...vulnerable, ...(adjustments ? [`needs: ${adjustments}`] : [])].join('; ')}`,
    );
  }
  if (preferences.length > 0) lines.push(preferences.join(' · '));
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', verbatim: true, text: truncate(`*Customer*\n${lines.join('\n')}`, 2900) },
    },
  ];
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * For the stage 2 reviewer: why the customer asked, what stage 1 decided and offered, and
 * where stage 1 was worked (its thread and notes), so nobody has to ask again.
 */
function stage2Blocks(data: CaseCardData): Block[] {
  const { case: row, events } = data;
  const request = events.findLast((e) => e.type === 'stage2_requested');
  if (row.stage !== 'stage2' || !request) return [];
  const lines: string[] = [];
  const reasons = str(request.data.reasons);
  lines.push(`*Why the customer asked for stage 2* (${staffDate(new Date(request.at))})`);
  lines.push(reasons ? quoteSlack(truncate(reasons, 1200)) : "_No reasons given: the Code doesn't require them._");
  const late = str(request.data.lateReason);
  if (late)
    lines.push(
      `:warning: Late request: ${escapeSlack(truncate(late, 300))}. A senior manager decides how to take it forward.`,
    );
  const resolution = request.data.stage1Resolution ?? null;
  const decided = resolution && typeof resolution === 'object' ? (resolution as Record<string, unknown>) : null;
  lines.push('*Stage 1 decision*');
  if (decided) {
    const outcome = str(decided.outcome);
    const by = str(decided.respondedBy) ?? row.stage1_handler;
    lines.push(
      `${outcome ? `*${outcomeLabel(outcome)}*` : '_outcome not recorded_'}${by ? ` by ${actorMention(by)}` : ''}`,
    );
    const part = (label: string, key: string) => {
      const value = str(decided[key]);
      if (value) lines.push(`_${label}_: ${escapeSlack(truncate(value, 500))}`);
    };
    part('Reasons', 'reasons');
    part('Remedy', 'remedy');
    part('Outstanding', 'outstanding');
  } else {
    lines.push('_No stage 1 response is recorded on the case._');
  }
  const blocks: Block[] = [
    { type: 'section', text: { type: 'mrkdwn', verbatim: true, text: truncate(lines.join('\n'), 2900) } },
  ];

  const stage1Thread = data.threads.find((t) => new Date(t.created_at).getTime() <= new Date(request.at).getTime());
  const notes = events.filter(
    (e) => e.type === 'staff_note' && new Date(e.at).getTime() <= new Date(request.at).getTime(),
  );
  const history: string[] = [
    stage1Thread?.permalink ? `<${stage1Thread.permalink}|Stage 1 thread>` : '_no stage 1 thread in Slack_',
  ];
  history.push(`${notes.length} internal note${notes.length === 1 ? '' : 's'}`);
  const noteLines = notes
    .slice(-3)
    .map(
      (n) =>
        `• ${actorMention(n.actor)}, ${staffDate(new Date(n.at))}: ${escapeSlack(truncate(str(n.data.note) ?? '', 300))}`,
    );
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      verbatim: true,
      text: truncate(
        `*Stage 1 history*: ${history.join(' · ')}${noteLines.length > 0 ? `\n${noteLines.join('\n')}` : ''}`,
        2900,
      ),
    },
  });
  return blocks;
}

function linkTo(linked: LinkedCase): string {
  return linked.permalink ? `<${linked.permalink}|${linked.reference}>` : `*${linked.reference}*`;
}

/** A closed case says how and why; a duplicate links the case it duplicates, and that case links back. */
function outcomeBlocks(data: CaseCardData): Block[] {
  const { case: row, linked } = data;
  const lines: string[] = [];
  const closed =
    row.status === 'closed' || row.status === 'withdrawn'
      ? data.events.findLast((e) => e.type === 'case_closed')
      : undefined;
  if (closed) {
    const as = str(closed.data.as);
    const reason = str(closed.data.reason);
    const how =
      as === 'duplicate'
        ? 'as a duplicate'
        : as === 'withdrawn'
          ? 'as withdrawn by the customer'
          : as === 'no_response'
            ? 'without a response'
            : '';
    const duplicateOf = row.resolution?.duplicateOf as { id?: string } | undefined;
    const original = duplicateOf?.id ? linked.find((l) => l.id === duplicateOf.id) : undefined;
    lines.push(
      `:file_folder: Closed ${how} by ${actorMention(closed.actor)} on ${staffDate(new Date(closed.at))}${reason ? `: ${escapeSlack(truncate(reason, 300))}` : ''}`,
    );
    if (original) lines.push(`Duplicate of ${linkTo(original)}.`);
  }
  const duplicates = data.events.filter((e) => e.type === 'duplicate_linked');
  for (const event of duplicates) {
    const id = (event.data.duplicate as { id?: string } | undefined)?.id;
    const other = linked.find((l) => l.id === id);
    if (other) lines.push(`:link: ${linkTo(other)} was closed as a duplicate of this case.`);
  }
  return lines.length > 0
    ? [{ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 2900) } }]
    : [];
}

/** The case card: what it is and why, who the customer is and how to reach them, the clocks, their own words, and what to do. */
export function caseCardBlocks(
  data: CaseCardData,
  mention: string | null,
  options: { withActions?: boolean } = {},
): Block[] {
  const { case: row, conversation } = data;
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${row.reference} · ${kindLabel[row.kind]} · ${stageLabel[row.stage]}`, 150),
      },
    },
  ];
  const lead = mentionMarkup(mention);
  if (lead && isEmergencyCase(row))
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${lead} *Emergency*: someone must take this now.` },
    });
  else if (lead)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${lead} A new case for this channel.` } });

  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Status*\n${statusLabel[row.status]}` },
      { type: 'mrkdwn', text: `*Handled by*\n${handlerText(row)}` },
      {
        type: 'mrkdwn',
        text: `*Category*\n${escapeSlack(row.category ?? 'not set')}${row.team ? ` (${escapeSlack(row.team)})` : ''}`,
      },
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
      text: truncate(
        `*Why ${kindLabel[row.kind].toLowerCase()}*\n${reasons.length > 0 ? reasons.map((r) => `• ${escapeSlack(r)}`).join('\n') : '• set by a colleague'}${flags}`,
        2900,
      ),
    },
  });

  const badges = badgesFor(data).map((b) => `\`${escapeSlack(b)}\``);
  const channel = conversation ? channelLabel[conversation.channel_id] : channelLabel[row.channel_id];
  const state = conversation
    ? conversation.handoff_state === 'bot'
      ? 'assistant answering'
      : conversation.handoff_state === 'queued'
        ? 'waiting for a colleague'
        : `with ${actorMention(conversation.assignee)}`
    : null;
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `*${channel}*${state ? ` (${state})` : ''}${badges.length > 0 ? `  ${badges.join(' ')}` : ''}`,
      },
    ],
  });
  blocks.push(...customerBlocks(data));
  const privacyLines = [...(data.privacyNotices ?? []).map(noticeLine), ...data.consents.map(consentLine)];

  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `*Privacy and consents*\n${privacyLines.length > 0 ? privacyLines.join('\n') : '_none recorded_'}`,
    },
  });
  const clocks = data.clocks.filter((c) => c.status !== 'cancelled');
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      verbatim: true,
      text: truncate(`*Clocks*\n${clocks.length > 0 ? clocks.map(clockLine).join('\n') : '_none running_'}`, 2900),
    },
  });

  const words = row.desired_outcome
    ? `${quoteSlack(row.customer_words)}\n*What they want*\n${quoteSlack(row.desired_outcome)}`
    : quoteSlack(row.customer_words);
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', verbatim: true, text: truncate(`*In their words*\n${words}`, 2900) },
  });
  blocks.push(...remediesBlock(data.remedies));
  blocks.push(...stage2Blocks(data));
  blocks.push(...outcomeBlocks(data));
  blocks.push(...surveyBlocks(data.events, data.personal === true));

  if (options.withActions !== false) blocks.push(...actionsFor(data));
  if (data.parties && data.restrictions)
    blocks.push(
      ...partyBlocks(row, data.parties, data.restrictions, data.personal ?? false, options.withActions !== false),
    );
  return blocks;
}

/** Whether Close may end this case without a written response (not a complaint stage). */
export function closableWithoutResponse(row: Pick<Case, 'stage'>): boolean {
  return !needsResponse(row);
}
