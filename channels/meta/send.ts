import './ids.js';
import type { Choice, OutboundMessage, SendResult } from '../../src/channel.js';
import { capabilitiesOf } from '../../src/channel.js';
import type { MetaStore } from './ports.js';
import { PermanentSendError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { GraphTransientSendError, type GraphClient, type QuickReply, type SendMessageRequest } from './graph-client.js';
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
export function quickRepliesFor(
  text: string,
  choices: readonly Choice[],
): { text: string; quickReplies: QuickReply[] } {
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
  else if (message.fromHuman && age <= HUMAN_AGENT_WINDOW_MS)
    window = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  else {
    await recordContactAnotherWay(message, lastInbound, options);
    throw new PermanentSendError(
      message.fromHuman
        ? 'more than 7 days since the customer last wrote: contact them another way'
        : 'more than 24 hours since the customer last wrote: contact them another way',
      'outside_messaging_window',
    );
  }

  const channelId = message.channelId === 'instagram' ? 'instagram' : 'messenger';
  const { text, quickReplies } = quickRepliesFor(message.text, message.choices);
  const parts = splitText(text, capabilitiesOf(channelId).maxTextLength);
  const mids = (await store.listDeliveries(message.messageId)).map((d) => d.provider_message_id);
  for (const [index, part] of parts.entries()) {
    if (index < mids.length) continue;
    const last = index === parts.length - 1;
    // An earlier try whose answer never came may have reached the person: look in the
    // Page's conversation with them first, and send only if it is not there.
    const found = await alreadySent(message, channelId, index, part, options);
    if (found !== undefined) {
      mids.push(found);
      continue;
    }
    const attempt = await store.beginSendAttempt({
      messageId: message.messageId,
      part: index,
      channelId,
      recipient: message.to,
    });
    try {
      const sent = await graph.sendMessage({
        recipient: { id: message.to },
        message: { text: part, ...(last && quickReplies.length > 0 ? { quick_replies: quickReplies } : {}) },
        ...window,
      });
      await store.recordDeliveryPart(message.messageId, channelId, sent.messageId, 'sent');
      await store.settleSendAttempts({ attemptId: attempt.id }, 'accepted', sent.messageId);
      mids.push(sent.messageId);
    } catch (error) {
      // Graph said no (4xx, or throttled): nothing went. No answer, or a 5xx: unknown, looked up on the retry.
      const unknown =
        error instanceof GraphTransientSendError && (error.detail.httpStatus === 0 || error.detail.httpStatus >= 500);
      if (!unknown) await store.settleSendAttempts({ attemptId: attempt.id }, 'refused').catch(() => undefined);
      if (error instanceof PermanentSendError && unreachableCodes.has(error.providerCode ?? ''))
        await recordContactAnotherWay(message, lastInbound, options);
      throw error;
    }
  }
  return { providerMessageIds: mids };
}

/** How far our clock and Meta's may disagree when looking for a message sent since an attempt began. */
const CLOCK_SKEW_MS = 60_000;

/**
 * The Graph message id of an earlier attempt at this part, whose outcome was unknown,
 * when it is found in the Page's conversation (it is recorded then). A look-up Meta refuses (the token lacks
 * pages_messaging read access) is logged and the part is sent.
 */
async function alreadySent(
  message: OutboundMessage,
  channelId: 'messenger' | 'instagram',
  part: number,
  text: string,
  options: MetaSenderOptions,
): Promise<string | undefined> {
  const { store, graph } = options;
  const unknown = await store.unknownSendAttempts(message.messageId, part);
  if (unknown.length === 0) return undefined;
  let found: string | undefined;
  try {
    found = await graph.findSentMessage({
      recipientId: message.to,
      platform: channelId,
      text,
      since: new Date(unknown[0]!.started_at.getTime() - CLOCK_SKEW_MS),
      isKnown: async (id) => (await store.getDelivery(channelId, id)) !== undefined,
    });
  } catch (error) {
    if (!(error instanceof PermanentSendError)) throw error;
    options.logger.warn(
      { messageId: message.messageId, err: error.message },
      'could not look up an earlier send at Meta; sending again',
    );
  }
  if (found === undefined) {
    await store.settleSendAttempts({ messageId: message.messageId, part }, 'not_found');
    return undefined;
  }
  await store.recordDeliveryPart(message.messageId, channelId, found, 'sent');
  await store.settleSendAttempts({ messageId: message.messageId, part }, 'found', found);
  return found;
}

async function recordContactAnotherWay(
  message: OutboundMessage,
  lastInbound: number | undefined,
  options: MetaSenderOptions,
): Promise<void> {
  const cases = await options.store.listCasesForConversation(message.conversationId, true);
  for (const open of cases) {
    await options.store.appendEvent(open.id, 'system', 'contact_another_way', {
      channel: message.channelId,
      messageId: message.messageId,
      reason: 'outside_messaging_window',
      lastCustomerMessageAt: lastInbound === undefined ? null : new Date(lastInbound).toISOString(),
    });
  }
  options.logger.warn(
    { conversationId: message.conversationId, messageId: message.messageId, cases: cases.length },
    'customer cannot be reached on this channel now',
  );
}

/**
 * The 'facebook' channel only ever posts the short public replies queued for a comment
 * or visitor post. Anything else on a public surface (a colleague's relayed reply, say)
 * is refused rather than risk personal details in public.
 */
export async function sendPublicReply(message: OutboundMessage, options: MetaSenderOptions): Promise<SendResult> {
  const targets = message.channelData?.[REPLY_TARGETS];
  const target =
    typeof targets === 'object' && targets !== null
      ? (targets as Record<string, unknown>)[message.messageId]
      : undefined;
  const item = typeof target === 'string' ? decodePublicItem(target) : undefined;
  if (!item)
    throw new PermanentSendError(
      'public surfaces only carry the short replies to a comment: answer the customer privately',
      'public_reply_without_comment',
    );
  const posted =
    item.surface === 'instagram'
      ? await options.graph.replyToInstagramComment(item.id, message.text)
      : await options.graph.replyToComment(item.id, message.text);
  return { providerMessageIds: [posted.id] };
}
