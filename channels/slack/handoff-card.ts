import { capabilitiesOf } from '../../src/channel.js';
import type { Conversation, Customer, Message } from '../../src/db/rows.js';
import type { Block } from './case-card.js';
import { escapeSlack, truncate } from './escape.js';
import { actionIds, conversationValue } from './ids.js';
import {
  actorMention,
  channelLabel,
  contactBadge,
  formatBadge,
  handoffReasonLabel,
  languageBadge,
  staffTime,
} from './labels.js';
import { mentionMarkup } from './routing.js';

/** How much of the conversation a handoff card carries: enough to pick up without asking again. */
const transcriptMessages = 30;
const messageChars = 600;
/** Slack refuses a section text over 3,000 characters. */
const sectionChars = 2900;

function who(message: Message): string {
  if (message.direction === 'inbound') return '*Customer*';
  return message.author.startsWith('staff:') ? `*${actorMention(message.author)}*` : '*Assistant*';
}

/** What an attachment is, in a word staff read at a glance. */
function attachmentLabel(contentType: string | undefined, n: number): string {
  const kind = contentType?.startsWith('image/')
    ? 'photo'
    : contentType?.startsWith('video/')
      ? 'video'
      : contentType?.startsWith('audio/')
        ? 'voice note'
        : contentType === 'application/pdf'
          ? 'PDF'
          : 'file';
  return `${kind} ${n}`;
}

/**
 * The customer's attachments as links staff can open. Only http(s) addresses that Slack's link
 * syntax cannot be broken out of (no `|`, `<`, `>` or spaces) become links; anything else is
 * counted, not shown.
 */
export function attachmentLinks(media: Message['media']): string {
  if (media.length === 0) return '';
  const links = media.map((item, i) => {
    const label = attachmentLabel(item.contentType, i + 1);
    return /^https?:\/\/[^\s|<>]+$/.test(item.url) ? `<${item.url}|${label}>` : `${label} (address not shown)`;
  });
  return ` :paperclip: ${links.join(', ')}`;
}

/** One message as a thread line or transcript entry: customer words escaped and quoted, never a ping; attachments as links. */
export function messageLine(message: Message): string {
  const media = attachmentLinks(message.media);
  const text = message.text.trim() === '' ? '_(no text)_' : escapeSlack(truncate(message.text, messageChars));
  const quoted = text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  return `${who(message)} ${staffTime(new Date(message.created_at))}${media}\n${quoted}`;
}

/** The conversation so far, as sections that each fit Slack's limit. */
export function transcriptBlocks(messages: readonly Message[]): Block[] {
  const recent = messages.slice(-transcriptMessages);
  const skipped = messages.length - recent.length;
  const sections: string[] = [];
  let current = skipped > 0 ? `_${skipped} earlier message${skipped === 1 ? '' : 's'} not shown_` : '';
  for (const line of recent.map(messageLine)) {
    if (current !== '' && current.length + line.length + 2 > sectionChars) {
      sections.push(current);
      current = '';
    }
    current = current === '' ? truncate(line, sectionChars) : `${current}\n\n${line}`;
  }
  if (current !== '') sections.push(current);
  return sections.map((text) => ({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text } }));
}

export interface HandoffCardData {
  conversation: Conversation;
  customer: Customer | undefined;
  messages: Message[];
  reason: string;
  /** Cases made from this conversation since the card was posted, with their cards' links. */
  cases?: { reference: string; permalink: string | null }[];
  /** Whether the card may show the customer's name, contact details and postcode: only in a private channel. */
  personal?: boolean;
  /** What the customer is told when a colleague takes the chat, for the Claim button's confirmation. */
  joinPreview?: string | null;
}

/** The customer's name and how to reach them, when the channel is private and we know them. */
function whoBlock(data: HandoffCardData): Block | null {
  const { customer } = data;
  if (!customer) return null;
  if (!data.personal)
    return {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: ':lock: Name and contact details are shown only in private channels.' }],
    };
  const parts = [customer.name, customer.phone, customer.email, customer.postcode].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  if (parts.length === 0) return null;
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', verbatim: true, text: escapeSlack(truncate(parts.join(' · '), 300)) }],
  };
}

export function handoffCardText(data: HandoffCardData, mention: string | null): string {
  const lead = mentionMarkup(mention);
  return `${lead ? `${lead} ` : ''}${handoffReasonLabel(data.reason)} (${channelLabel[data.conversation.channel_id]})`;
}

/** A live conversation handed to a person before any case: who is waiting, why, and what was said. */
export function handoffCardBlocks(data: HandoffCardData, mention: string | null): Block[] {
  const { conversation, customer } = data;
  const lead = mentionMarkup(mention);
  const badges: string[] = [];
  if (customer) {
    const language = languageBadge(customer.preferred_language);
    if (language) badges.push(language);
    if (customer.preferred_format !== 'standard') badges.push(formatBadge[customer.preferred_format]);
    if (customer.contact_method) badges.push(contactBadge[customer.contact_method]);
  } else if (conversation.locale) {
    const language = languageBadge(conversation.locale.split(/[-_]/)[0] ?? 'en');
    if (language) badges.push(language);
  }
  const state =
    conversation.handoff_state === 'staff'
      ? `With ${actorMention(conversation.assignee)}`
      : conversation.handoff_state === 'queued'
        ? '_Waiting for a colleague_'
        : 'The assistant is answering';
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: `Live chat · ${channelLabel[conversation.channel_id]}` } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `${lead ? `${lead} ` : ''}*${handoffReasonLabel(data.reason)}*\n${state}` },
    },
  ];
  if (badges.length > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: badges.map((b) => `\`${b}\``).join(' ') }] });
  const who = whoBlock(data);
  if (who) blocks.push(who);
  if (data.cases && data.cases.length > 0) {
    const links = data.cases.map((c) => (c.permalink ? `<${c.permalink}|${c.reference}>` : `*${c.reference}*`));
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:file_folder: Made into ${links.join(', ')}: the conversation continues in its thread.`,
      },
    });
  }
  blocks.push({ type: 'divider' }, ...transcriptBlocks(data.messages));
  const value = conversationValue(conversation.id);
  const buttons: Block = {
    type: 'actions',
    block_id: 'conversation_actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: conversation.assignee ? 'Take over' : 'Claim' },
        action_id: actionIds.claimConversation,
        value,
        ...(conversation.assignee ? {} : { style: 'primary' as const }),
        ...(data.joinPreview && conversation.handoff_state !== 'bot'
          ? {
              confirm: {
                title: {
                  type: 'plain_text' as const,
                  text: conversation.assignee ? 'Take over this chat?' : 'Claim this chat?',
                },
                text: {
                  type: 'plain_text' as const,
                  text: truncate(`The customer will be told:\n“${data.joinPreview}”`, 300),
                },
                confirm: { type: 'plain_text' as const, text: conversation.assignee ? 'Take over' : 'Claim' },
                deny: { type: 'plain_text' as const, text: 'Cancel' },
              },
            }
          : {}),
      },
      ...(capabilitiesOf(conversation.channel_id).isPublic
        ? []
        : [
            {
              type: 'button' as const,
              text: { type: 'plain_text' as const, text: 'Reply to customer' },
              action_id: actionIds.replyConversation,
              value,
            },
          ]),
      ...((data.cases ?? []).length > 0
        ? []
        : [
            {
              type: 'button' as const,
              text: { type: 'plain_text' as const, text: 'Make a case' },
              action_id: actionIds.makeCase,
              value,
            },
          ]),
      ...(conversation.handoff_state === 'bot'
        ? []
        : [
            {
              type: 'button' as const,
              text: { type: 'plain_text' as const, text: 'Hand back to assistant' },
              action_id: actionIds.handBackConversation,
              value,
            },
          ]),
    ],
  };
  // Slack allows 50 blocks; the transcript gives way first.
  return [...blocks.slice(0, 49), buttons];
}
