import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { escapeSlack, slackToPlain } from './escape.js';
import { refusalOf, type SlackHandlerDeps } from './handler-deps.js';
import { SlackUserIdSchema, staffActor } from './ids.js';
import { actorMention } from './labels.js';
import { MessageEventSchema, type MessageEvent } from './payloads.js';

/** `note: …` stays with the case; never sent to the customer. */
const notePattern = /^\s*note\s*:/i;
/** `handback` gives the conversation back to the assistant. */
const handBackPattern = /^\s*hand\s*-?\s*back\s*[.!]?\s*$/i;

/**
 * A colleague's reply in a card's thread. Bolt answers Slack only after this has run
 * (processBeforeResponse), so a reply is stored and queued before Slack hears "200";
 * Slack's retry of the same event is said once (its id comes from channel and ts).
 */
export function registerThreadReplies(app: App, deps: SlackHandlerDeps): void {
  app.event('message', async ({ event, client }) => {
    const parsed = MessageEventSchema.safeParse(event);
    if (!parsed.success) return;
    const message = parsed.data;
    // Our own posts, bots, edits and joins never go to a customer (and would loop).
    if (message.bot_id || (message.subtype && message.subtype !== 'thread_broadcast')) return;
    if (!message.thread_ts || message.thread_ts === message.ts || !message.user) return;
    const user = SlackUserIdSchema.safeParse(message.user);
    if (!user.success) return;
    const thread = await deps.store.getSlackThread(message.channel, message.thread_ts);
    if (!thread) return;
    try {
      await reply(deps, client, message, user.data, thread.case_id, thread.conversation_id);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await client.chat.postMessage({ channel: message.channel, thread_ts: message.thread_ts, text: `:no_entry: Not sent to the customer: ${escapeSlack(refusal)}` });
    }
  });
}

async function reply(
  deps: SlackHandlerDeps,
  client: WebClient,
  message: MessageEvent,
  user: string,
  caseId: string | null,
  threadConversationId: string | null,
): Promise<void> {
  const actor = staffActor(user);
  const text = message.text ?? '';
  const conversationId = threadConversationId ?? (caseId ? (await deps.store.getCase(caseId))?.conversation_id : null) ?? null;

  if (notePattern.test(text)) {
    if (caseId) await deps.staff.addNote(caseId, actor, slackToPlain(text.replace(notePattern, '')), `${message.channel}:${message.ts}`);
    // A small mark so the colleague sees it was kept in-house, not sent.
    await client.reactions.add({ channel: message.channel, timestamp: message.ts, name: 'lock' }).catch(() => undefined);
    return;
  }
  if (!conversationId) {
    await client.chat.postMessage({ channel: message.channel, thread_ts: message.thread_ts, text: ':information_source: This case has no conversation to reply to: contact the customer another way.' });
    return;
  }
  if (handBackPattern.test(text)) {
    await deps.staff.handBack(conversationId, actor, caseId);
    if (!caseId) {
      await deps.cards.refreshConversationCards(conversationId);
      await client.chat.postMessage({ channel: message.channel, thread_ts: message.thread_ts, text: `:robot_face: Handed back to the assistant by ${actorMention(actor)}.` });
    }
    return;
  }
  const plain = slackToPlain(text);
  await deps.staff.replyToCustomer({ conversationId, caseId, actor, text: plain, key: `${message.channel}:${message.ts}` });
  if (!caseId) await deps.cards.refreshConversationCards(conversationId);
}
