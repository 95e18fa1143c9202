import type { Choice, OutboundMessage, SendResult } from '../../src/channel.js';
import { channelCapabilities } from '../../src/channel.js';
import type { MetaStore } from './ports.js';
import { PermanentSendError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { GraphClient, QuickReply, SendMessageRequest } from './graph-client.js';
import { REPLY_TARGETS } from './public-reply.js';
import { decodePublicItem } from './public-ids.js';
import { splitText } from './split-text.js';

const HOUR = 3600_000;
/** Messenger's standard messaging window after the customer's last message. */
export const RESPONSE_WINDOW_MS = 24 * HOUR;
/** How long the HUMAN_AGENT tag lets a colleague still reply. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

export interface MetaSenderOptions {
  graph: GraphClient;
  store: MetaStore;
  logger: Logger;
  now: () => Date;
}

/** Graph refusals that mean the window has closed or the person cannot be reached here. */
const unreachableCodes = new Set(['10/2018278', '10/2018065', '551/1545041', '100/2018001', '200/2018028']);

/**
 * Quick replies: at most 13, titles of at most 20 characters. When a title had to be
 * shortened or a choice left out, the choices are also written as numbered lines so the
 * customer still sees every option in full.
 */
export function quickRepliesFor(text: string, choices: readonly Choice[]): { text: string; quickReplies: QuickReply[] } {
  if (choices.length === 0) return { text, quickReplies: [] };
  const quickReplies = choices.slice(0, 13).map((c) => ({
    content_type: 'text' as const,
    title: [...c.title].length <= 20 ? c.title : `${[...c.title].slice(0, 19).join('')}…`,
    payload: c.value.slice(0, 1000),
  }));
  const lossy = choices.length > 13 || choices.some((c) => [...c.title].length > 20);
  const lines = choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n');
  return { text: lossy ? `${text}\n${lines}` : text, quickReplies };
}

/**
 * Messenger and Instagram: inside 24 hours of the customer's last message anything may
 * be sent; after it a colleague (not the bot) may reply for 7 days with the HUMAN_AGENT
 * tag; after that nothing can go this way, the open cases record that the customer must
 * be contacted another way, and the permanent failure tells staff.
 */
export async function sendDirectMessage(message: OutboundMessage, options: MetaSenderOptions): Promise<SendResult> {
  const { store, graph } = options;
  const conversation = await store.getConversation(message.conversationId);
  const lastInbound = conversation?.last_inbound_at ? new Date(conversation.last_inbound_at).getTime() : undefined;
  const age = lastInbound === undefined ? Number.POSITIVE_INFINITY : options.now().getTime() - lastInbound;
  let window: Pick<SendMessageRequest, 'messaging_type' | 'tag'>;
  if (age <= RESPONSE_WINDOW_MS) window = { messaging_type: 'RESPONSE' };
  else if (message.fromHuman && age <= HUMAN_AGENT_WINDOW_MS) window = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  else {
    await recordContactAnotherWay(message, lastInbound, options);
    throw new PermanentSendError(
      message.fromHuman ? 'more than 7 days since the customer last wrote: contact them another way' : 'more than 24 hours since the customer last wrote: contact them another way',
      'outside_messaging_window',
    );
  }

  const channelId = message.channelId === 'instagram' ? 'instagram' : 'messenger';
  const { text, quickReplies } = quickRepliesFor(message.text, message.choices);
  const parts = splitText(text, channelCapabilities[channelId].maxTextLength);
  const mids = (await store.listDeliveries(message.messageId)).map((d) => d.provider_message_id);
  for (const [index, part] of parts.entries()) {
    if (index < mids.length) continue;
    const last = index === parts.length - 1;
    try {
      const sent = await graph.sendMessage({
        recipient: { id: message.to },
        message: { text: part, ...(last && quickReplies.length > 0 ? { quick_replies: quickReplies } : {}) },
        ...window,
      });
      await store.recordDeliveryPart(message.messageId, channelId, sent.messageId, 'sent');
      mids.push(sent.messageId);
    } catch (error) {
      if (error instanceof PermanentSendError && unreachableCodes.has(error.providerCode ?? '')) await recordContactAnotherWay(message, lastInbound, options);
      throw error;
    }
  }
  return { providerMessageIds: mids };
}

async function recordContactAnotherWay(message: OutboundMessage, lastInbound: number | undefined, options: MetaSenderOptions): Promise<void> {
  const cases = await options.store.listCasesForConversation(message.conversationId, true);
  for (const open of cases) {
    await options.store.appendEvent(open.id, 'system', 'contact_another_way', {
      channel: message.channelId,
      messageId: message.messageId,
      reason: 'outside_messaging_window',
      lastCustomerMessageAt: lastInbound === undefined ? null : new Date(lastInbound).toISOString(),
    });
  }
  options.logger.warn({ conversationId: message.conversationId, messageId: message.messageId, cases: cases.length }, 'customer cannot be reached on this channel now');
}

/**
 * The 'facebook' channel only ever posts the short public replies queued for a comment
 * or visitor post. Anything else on a public surface (a colleague's relayed reply, say)
 * is refused rather than risk personal details in public.
 */
export async function sendPublicReply(message: OutboundMessage, options: MetaSenderOptions): Promise<SendResult> {
  const targets = message.channelData?.[REPLY_TARGETS];
  const target = typeof targets === 'object' && targets !== null ? (targets as Record<string, unknown>)[message.messageId] : undefined;
  const item = typeof target === 'string' ? decodePublicItem(target) : undefined;
  if (!item) throw new PermanentSendError('public surfaces only carry the short replies to a comment: answer the customer privately', 'public_reply_without_comment');
  const posted = item.surface === 'instagram' ? await options.graph.replyToInstagramComment(item.id, message.text) : await options.graph.replyToComment(item.id, message.text);
  return { providerMessageIds: [posted.id] };
}
