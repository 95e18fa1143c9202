import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { slackToPlain } from './escape.js';
import {
  assertMayWrite,
  colleagueForCase,
  colleagueForConversation,
  confirmInThread,
  refusalOf,
  tellColleague,
  type SlackHandlerDeps,
} from './handler-deps.js';
import { replyShortcutId, SlackUserIdSchema, staffActor } from './ids.js';
import { actorMention } from './labels.js';
import { replyModal } from './modals.js';
import { MessageEventSchema, MessageShortcutSchema, type MessageEvent } from './payloads.js';
import type { SlackThread } from './slack-store.js';

/** `note: …` is kept on the case file (the audit trail, the stage 2 reviewer's history). */
const notePattern = /^\s*note\s*:/i;
/** `handback` gives the conversation back to the assistant. */
const handBackPattern = /^\s*hand\s*-?\s*back\s*[.!]?\s*$/i;
/** How often a colleague is reminded that the thread is internal. */
const hintSeconds = 4 * 3600;

/**
 * A card's thread is the team's own: a colleague's message there reaches no customer.
 * `note: …` is also kept on the case; `handback` gives the conversation back to the
 * assistant. To write to the customer a colleague uses "Reply to customer" (the card's
 * button, or the message shortcut on any message in the thread), which shows what the
 * customer will receive before it goes. With SLACK_THREAD_REPLIES_TO_CUSTOMER=true a plain
 * thread message goes to the customer as it used to, from the holder or a team lead only,
 * and is confirmed in the thread. Bolt answers Slack only after this has run
 * (processBeforeResponse), so Slack's retry of the same event is said once (its id comes
 * from channel and ts).
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
    const thread = await deps.slackStore.getSlackThread(message.channel, message.thread_ts);
    if (!thread) return;
    try {
      await inThread(deps, client, message, user.data, thread);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await tellColleague(client, message.channel, user.data, `:no_entry: Not sent to the customer: ${refusal}`);
    }
  });

  app.shortcut(replyShortcutId, async ({ ack, body, client }) => {
    await ack();
    const parsed = MessageShortcutSchema.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn({ issue: parsed.error.issues[0]?.message }, 'slack: unreadable message shortcut ignored');
      return;
    }
    const shortcut = parsed.data;
    const user = shortcut.user.id;
    const thread = await deps.slackStore.getSlackThread(
      shortcut.channel.id,
      shortcut.message.thread_ts ?? shortcut.message.ts,
    );
    if (!thread) {
      await tellColleague(
        client,
        shortcut.channel.id,
        user,
        ':information_source: *Reply to customer* works on messages in a case card’s thread.',
      );
      return;
    }
    try {
      const row = thread.case_id ? await deps.store.getCase(thread.case_id) : undefined;
      const conversationId = thread.conversation_id ?? row?.conversation_id ?? null;
      const conversation = conversationId ? await deps.store.getConversation(conversationId) : undefined;
      if (!conversation) {
        await tellColleague(
          client,
          shortcut.channel.id,
          user,
          ':information_source: This case has no conversation to reply to: contact the customer another way.',
        );
        return;
      }
      await assertMayWrite(
        deps,
        user,
        row ? row.assignee : conversation.assignee,
        row?.reference ?? 'this conversation',
      );
      const customer = row?.customer_id
        ? await deps.store.getCustomer(row.customer_id)
        : await deps.store.findCustomerForConversation(conversation.id);
      const metadata = JSON.stringify({
        caseId: row?.id ?? null,
        conversationId: conversation.id,
        thread: { channel: thread.channel, ts: thread.thread_ts },
      });
      // A colleague's message as the customer would read it (a draft agreed in the thread, say): no Slack ids or
      // markup. The card, the customer's own words and our notices are not drafts: the form starts empty then.
      const drafted = !shortcut.message.bot_id && shortcut.message.ts !== thread.thread_ts;
      const initial = drafted
        ? slackToPlain(shortcut.message.text ?? '')
            .replace(notePattern, '')
            .trim()
        : '';
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: replyModal({
          metadata,
          reference: row?.reference ?? null,
          conversation,
          customer,
          holder: row ? row.assignee : conversation.assignee,
          initial,
        }),
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await tellColleague(client, shortcut.channel.id, user, `:no_entry: ${refusal}`);
    }
  });
}

async function inThread(
  deps: SlackHandlerDeps,
  client: WebClient,
  message: MessageEvent,
  user: string,
  thread: SlackThread,
): Promise<void> {
  const actor = staffActor(user);
  const text = message.text ?? '';
  const caseId = thread.case_id;
  const row = caseId ? await deps.store.getCase(caseId) : undefined;
  const conversationId = thread.conversation_id ?? row?.conversation_id ?? null;

  if (notePattern.test(text)) {
    if (caseId)
      await deps.staff.addNote(
        caseId,
        actor,
        slackToPlain(text.replace(notePattern, '')),
        `${message.channel}:${message.ts}`,
      );
    // A small mark so the colleague sees it was kept on the case, not sent.
    await client.reactions
      .add({ channel: message.channel, timestamp: message.ts, name: 'lock' })
      .catch(() => undefined);
    return;
  }
  if (conversationId && handBackPattern.test(text)) {
    await deps.staff.handBack(conversationId, actor, caseId);
    if (!caseId) {
      await deps.cards.refreshConversationCards(conversationId);
      await client.chat.postMessage({
        channel: message.channel,
        thread_ts: message.thread_ts,
        text: `:robot_face: Handed back to the assistant by ${actorMention(actor)}.`,
      });
    }
    return;
  }
  const conversation = conversationId ? await deps.store.getConversation(conversationId) : undefined;

  if (!deps.threadRepliesToCustomer) {
    // Internal. The colleague who has the customer waiting is reminded, now and then, how to write to them.
    const holder = row ? row.assignee : (conversation?.assignee ?? null);
    if (
      conversation &&
      conversation.handoff_state !== 'bot' &&
      holder === actor &&
      (await deps.firstTime(`hint:${message.channel}:${message.thread_ts}:${user}`, hintSeconds))
    ) {
      await tellColleague(
        client,
        message.channel,
        user,
        ':lock: Messages in this thread stay internal: the customer does not see them. To write to the customer, use *Reply to customer* on the card, or on a message (⋯ › Reply to customer).',
      );
    }
    return;
  }

  // SLACK_THREAD_REPLIES_TO_CUSTOMER: the thread is the conversation, as it used to be.
  if (!conversation) {
    await client.chat.postMessage({
      channel: message.channel,
      thread_ts: message.thread_ts,
      text: ':information_source: This case has no conversation to reply to: contact the customer another way.',
    });
    return;
  }
  const colleague = row
    ? await colleagueForCase(deps, user, row)
    : await colleagueForConversation(deps, user, conversation.id);
  const sent = await deps.staff.replyToCustomer({
    conversationId: conversation.id,
    caseId: caseId ?? null,
    colleague,
    text: slackToPlain(text),
    key: `${message.channel}:${message.ts}`,
  });
  await confirmInThread(deps, conversation.id, sent.id, { channel: message.channel, ts: thread.thread_ts });
  if (!caseId) await deps.cards.refreshConversationCards(conversation.id);
}
