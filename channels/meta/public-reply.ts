import './ids.js';
import { z } from 'zod';
import type { ConversationOrigin } from '../../src/cases/origins.js';
import type { MetaStore } from './ports.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import { PermanentSendError } from '../../src/errors.js';
import type { Translator } from '../../src/i18n.js';
import { stableUuid } from '../../src/ids.js';
import type { Logger } from '../../src/logger.js';
import type { Outbox } from '../../src/outbox.js';
import type { TriageInput, TriageResult } from '../../src/triage/types.js';
import type { GraphClient, GraphRecipient } from './graph-client.js';
import { hasPersonalDetails } from './personal-details.js';
import { decodePublicItem, postIdOf, type PublicItem } from './public-ids.js';

/** What a public comment or visitor post gets. */
export type PublicDecision = 'private_follow_up' | 'thanks' | 'none';

/** Flags that mean the landlord must follow up even when triage calls it an enquiry. */
const followUpFlags = new Set([
  'damp_mould',
  'safeguarding',
  'discrimination',
  'data_breach',
  'compensation',
  'appeal',
]);

/**
 * Complaints, repair reports, emergencies and anything with personal details are taken
 * private; compliments get a public thank-you; everything else (chat, questions for the
 * community) is left to the Page's own moderators. Without a classifier every non-empty
 * comment is taken private: a needless private message costs less than a missed complaint.
 */
export function decidePublicReply(text: string, triage: TriageResult | undefined): PublicDecision {
  if (text.trim() === '') return 'none';
  if (hasPersonalDetails(text)) return 'private_follow_up';
  if (!triage) return 'private_follow_up';
  if (triage.kind !== 'enquiry' || triage.emergency || triage.hazards.length > 0 || triage.explicitComplaintRequest)
    return 'private_follow_up';
  if (triage.flags.includes('compliment')) return 'thanks';
  if (
    triage.category === 'repairs' ||
    triage.category === 'damp_mould' ||
    triage.flags.some((f) => followUpFlags.has(f))
  )
    return 'private_follow_up';
  return 'none';
}

/** What the Messenger/Instagram conversation keeps about the public comment it came from; the case service copies it onto the case. */
export interface OriginComment {
  surface: PublicItem['surface'];
  kind: PublicItem['kind'];
  /** The comment's (or visitor post's) Graph id. */
  id: string;
  postId?: string;
  /** The customer's public words. */
  text: string;
  /** Our public reply, word for word. */
  publicReply: string;
  at: string;
  /** The public conversation (channel 'facebook') holding the comment and our reply. */
  publicConversationId: string;
  publicMessageId: string;
}

/** OriginComment as read back from a conversation's channel data (written by handlePublicItem below). */
const OriginCommentSchema = z.object({
  surface: z.string(),
  kind: z.string(),
  id: z.string(),
  postId: z.string().optional(),
  text: z.string(),
  publicReply: z.string(),
  at: z.string(),
  publicConversationId: z.string().uuid(),
  publicMessageId: z.string().uuid(),
});

/**
 * The case service's OriginReader for Meta: a Messenger or Instagram conversation that
 * began as a public comment brings the comment, our public reply and the public
 * conversation's messages onto the case made in it.
 */
export function publicCommentOrigin(conversation: Conversation): ConversationOrigin | undefined {
  const origin = OriginCommentSchema.safeParse(conversation.channel_data.originComment);
  if (!origin.success) return undefined;
  const { publicConversationId, ...comment } = origin.data;
  return { conversationId: publicConversationId, event: 'public_comment', data: comment };
}

export interface PublicReplyOptions {
  graph: GraphClient;
  store: MetaStore;
  outbox: Pick<Outbox, 'say'>;
  translator: Translator;
  logger: Logger;
  classify?: (input: TriageInput) => TriageResult | Promise<TriageResult>;
  /** Tell staff about a comment we could not answer privately. */
  notifyStaff?: (conversationId: string, reason: string) => Promise<void>;
  now: () => Date;
}

/** Meta allows one private reply to a comment, within 7 days of it (docs/rules/channels.md#meta-private-reply). */
const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 3600_000;

/** Key in a public conversation's channel data: our reply message id → the public item it answers. */
export const REPLY_TARGETS = 'replyTargets';

/**
 * A public comment or visitor post never runs through the dialogs in public. It gets at
 * most one short public reply with nothing personal in it and, when it needs a
 * follow-up, one private reply that opens a Messenger (or Instagram) conversation where
 * the normal dialogs take over. Safe to run twice: each reply has a stable id.
 */
export async function handlePublicItem(
  input: { conversation: Conversation; message: Message },
  options: PublicReplyOptions,
): Promise<boolean> {
  const { conversation, message } = input;
  const { logger, store, translator } = options;
  const item = decodePublicItem(message.provider_message_id);
  if (!item) {
    logger.warn({ messageId: message.id }, 'public message without a comment or post id: not answered');
    return true;
  }
  const triage = options.classify ? await options.classify({ text: message.text, channel: 'facebook' }) : undefined;
  const decision = decidePublicReply(message.text, triage);
  const lang = triage && triage.language !== 'und' ? triage.language : (conversation.locale ?? 'en');
  logger.info(
    { conversationId: conversation.id, messageId: message.id, surface: item.surface, kind: item.kind, decision },
    'public comment triaged',
  );
  if (decision === 'none') return true;
  if (decision === 'thanks') {
    await replyInPublic(conversation, message, translator.t(lang, 'channels:public.thanks'), lang, options);
    return true;
  }

  const publicText = translator.t(lang, 'channels:public.privateFollowUp');
  const privateId = stableUuid(message.id, 'private-reply');
  if (!(await store.getMessage(privateId))) {
    if (options.now().getTime() - new Date(message.created_at).getTime() > PRIVATE_REPLY_WINDOW_MS) {
      await tellStaff(conversation, 'a public comment needing a follow-up is too old for a private reply', options);
      return true;
    }
    const opener = translator.t(lang, 'channels:private.opener');
    const recipient: GraphRecipient = item.kind === 'post' ? { post_id: item.id } : { comment_id: item.id };
    let sent: Awaited<ReturnType<GraphClient['sendMessage']>>;
    try {
      sent = await options.graph.sendMessage({ recipient, message: { text: opener } });
    } catch (error) {
      // Transient failures throw: the turn is retried with backoff.
      if (!(error instanceof PermanentSendError)) throw error;
      logger.warn(
        { conversationId: conversation.id, messageId: message.id, code: error.providerCode },
        'private reply refused',
      );
      // No public "we've sent you a private message" when we have not.
      await tellStaff(
        conversation,
        `a private reply to a public comment was refused (${error.providerCode ?? 'unknown'})`,
        options,
      );
      return true;
    }
    const dmChannel = item.surface === 'instagram' ? 'instagram' : 'messenger';
    const thread = sent.recipientId
      ? await store.ensureConversation(dmChannel, sent.recipientId, conversation.our_address)
      : conversation;
    await store.recordOutbound({
      id: privateId,
      conversationId: thread.id,
      channelId: thread.channel_id,
      author: 'bot',
      text: opener,
      locale: lang,
      status: 'sent',
    });
    await store.recordDeliveries(privateId, thread.channel_id, [sent.messageId], 'sent');
    if (thread.id !== conversation.id) {
      const origin: OriginComment = {
        surface: item.surface,
        kind: item.kind,
        id: item.id,
        ...(postIdOf(item, conversation.our_address) ? { postId: postIdOf(item, conversation.our_address) } : {}),
        text: message.text,
        publicReply: publicText,
        at: new Date(message.created_at).toISOString(),
        publicConversationId: conversation.id,
        publicMessageId: message.id,
      };
      await store.mergeChannelData(thread.id, { originComment: origin });
    }
  }
  await replyInPublic(conversation, message, publicText, lang, options);
  return true;
}

/** Queue the one public reply; the 'facebook' sender finds the item to answer by the reply's id. */
async function replyInPublic(
  conversation: Conversation,
  message: Message,
  text: string,
  lang: string,
  options: PublicReplyOptions,
): Promise<void> {
  const id = stableUuid(message.id, 'public-reply');
  await options.store.mergeChannelDataEntries(conversation.id, REPLY_TARGETS, { [id]: message.provider_message_id });
  await options.outbox.say(conversation.id, { id, text, author: 'bot', locale: lang });
}

async function tellStaff(conversation: Conversation, reason: string, options: PublicReplyOptions): Promise<void> {
  if (options.notifyStaff) await options.notifyStaff(conversation.id, reason);
  else options.logger.warn({ conversationId: conversation.id, reason }, 'staff should follow up a public comment');
}
