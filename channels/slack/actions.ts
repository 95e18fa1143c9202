import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { loadCaseCard } from './case-card.js';
import {
  assertMayWrite,
  colleagueForCase,
  colleagueForConversation,
  refusalOf,
  tellColleague,
  type SlackHandlerDeps,
} from './handler-deps.js';
import {
  actionIds,
  callbackIds,
  staffActor,
  TargetSchema,
  type Target,
  type TargetMetadata,
  type ThreadRef,
} from './ids.js';
import { actorMention } from './labels.js';
import {
  assignModal,
  closeModal,
  extendModal,
  makeCaseModal,
  previewView,
  reclassifyModal,
  replyModal,
  resolveModal,
} from './modals.js';
import { BlockActionSchema, type BlockAction } from './payloads.js';
import { assertStage2Independent } from '../../src/cases/independence.js';

const ours = new Set<string>(Object.values(actionIds));

/**
 * The card's buttons. Each is acknowledged first (Slack wants an answer within 3 s), then
 * the change is made through StaffActions; cards are refreshed by the handoff queue, which
 * retries if Slack is slow. Anything that writes to the customer or closes a stage opens a
 * modal that shows what the customer will receive before it goes (Claim and Take over,
 * which tell a waiting customer who has them, ask in Slack's own confirmation). A refusal
 * (stage 2 by the stage 1 handler, a case held by someone else) is told only to the
 * colleague who pressed the button.
 */
export function registerActions(app: App, deps: SlackHandlerDeps): void {
  app.action(/^(case|conversation)_/, async ({ ack, body, client }) => {
    await ack();
    const parsed = BlockActionSchema.safeParse(body);
    const action = parsed.success ? parsed.data.actions[0] : undefined;
    if (!parsed.success || !action || !ours.has(action.action_id)) {
      deps.logger.warn({ issue: parsed.error?.issues[0]?.message }, 'slack: unrecognised block action ignored');
      return;
    }
    const target = TargetSchema.safeParse(action.value);
    if (!target.success) {
      deps.logger.warn({ actionId: action.action_id }, 'slack: block action without a case or conversation');
      return;
    }
    try {
      await act(deps, client, parsed.data, action.action_id, target.data);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await tellColleague(client, parsed.data.channel?.id, parsed.data.user.id, `:no_entry: ${refusal}`);
    }
  });
}

function threadOf(body: BlockAction): ThreadRef | null {
  return body.channel && body.message
    ? { channel: body.channel.id, ts: body.message.thread_ts ?? body.message.ts }
    : null;
}

/** A click's own id: a retried delivery of the same click does the same thing once. */
function clickKey(body: BlockAction): string {
  return `click:${body.actions[0]?.action_ts ?? body.trigger_id ?? ''}:${body.user.id}`;
}

async function act(
  deps: SlackHandlerDeps,
  client: WebClient,
  body: BlockAction,
  actionId: string,
  target: Target,
): Promise<void> {
  const user = body.user.id;
  const thread = threadOf(body);
  if ('conversationId' in target) return actOnConversation(deps, client, body, actionId, target.conversationId, thread);

  const { caseId } = target;
  const row = await deps.store.getCase(caseId);
  if (!row) return;
  // Code 2024 6.13: the stage 1 handler is refused at the button, before any form opens.
  const attempted: Record<string, string> = {
    [actionIds.reply]: 'write to the customer about',
    [actionIds.extend]: 'extend',
    [actionIds.resolve]: 'resolve',
    [actionIds.close]: 'close',
  };
  const what = attempted[actionId];
  if (row.stage === 'stage2' && what) assertStage2Independent(deps.cases.pack, row, staffActor(user), what);
  const open = (view: Parameters<WebClient['views']['open']>[0]['view']) =>
    body.trigger_id
      ? client.views.open({ trigger_id: body.trigger_id, view }).then(() => undefined)
      : Promise.resolve();
  const metadata = (extra: Partial<TargetMetadata> = {}): string =>
    JSON.stringify({ caseId, conversationId: row.conversation_id, thread, ...extra });

  switch (actionId) {
    case actionIds.claim:
      await deps.staff.claimCase(caseId, await colleagueForCase(deps, user, row), clickKey(body));
      return;
    case actionIds.stage2: {
      // Escalating writes to the customer (the stage 2 dates) and sends a letter: shown first.
      const colleague = await colleagueForCase(deps, user, row);
      const preview = await deps.staff.previewStage2(caseId, colleague);
      await open(
        previewView({
          callbackId: callbackIds.stage2Confirm,
          title: 'Escalate to stage 2',
          metadata: metadata(),
          lead: `*${row.reference}* goes to stage 2, reviewed by you: someone not involved at stage 1 (Code 2024 6.13). Its stage 2 clocks start now.`,
          preview,
          submit: 'Escalate',
          pushed: false,
        }),
      );
      return;
    }
    case actionIds.handBack:
      if (row.conversation_id) await deps.staff.handBack(row.conversation_id, staffActor(user), caseId);
      return;
    case actionIds.reply: {
      await assertMayWrite(deps, user, row.assignee, row.reference);
      const conversation = row.conversation_id ? await deps.store.getConversation(row.conversation_id) : undefined;
      if (!conversation)
        return void (await tellColleague(
          client,
          body.channel?.id,
          user,
          ':information_source: This case has no conversation to reply to: contact the customer another way.',
        ));
      const customer = row.customer_id ? await deps.store.getCustomer(row.customer_id) : undefined;
      await open(
        replyModal({ metadata: metadata(), reference: row.reference, conversation, customer, holder: row.assignee }),
      );
      return;
    }
    case actionIds.assign:
      await open(assignModal(row));
      return;
    case actionIds.close:
      await open(closeModal(row));
      return;
    case actionIds.reclassify:
    case actionIds.extend:
    case actionIds.resolve: {
      const data = await loadCaseCard(deps.store, deps.slackStore, caseId);
      if (!data) return;
      if (actionId !== actionIds.reclassify) await assertMayWrite(deps, user, row.assignee, row.reference);
      const view =
        actionId === actionIds.reclassify
          ? reclassifyModal(data.case)
          : actionId === actionIds.extend
            ? extendModal(data, deps.cases.pack)
            : resolveModal(data);
      // The preview that follows is confirmed in this card's thread.
      await open({
        ...view,
        private_metadata: JSON.stringify({ caseId, conversationId: row.conversation_id, thread }),
      });
      return;
    }
  }
}

async function actOnConversation(
  deps: SlackHandlerDeps,
  client: WebClient,
  body: BlockAction,
  actionId: string,
  conversationId: string,
  thread: ThreadRef | null,
): Promise<void> {
  const user = body.user.id;
  const conversation = await deps.store.getConversation(conversationId);
  if (!conversation) return;
  const post = (text: string) =>
    thread
      ? client.chat.postMessage({ channel: thread.channel, thread_ts: thread.ts, text }).then(() => undefined)
      : Promise.resolve();
  switch (actionId) {
    case actionIds.claimConversation: {
      const colleague = await colleagueForConversation(deps, user, conversationId);
      await deps.staff.claimConversation(conversationId, colleague, clickKey(body));
      await deps.cards.refreshConversationCards(conversationId);
      await post(
        `:raising_hand: Claimed by ${actorMention(colleague.actor)}. Use *Reply to customer* to write to them; messages in this thread stay internal.`,
      );
      return;
    }
    case actionIds.handBackConversation:
      await deps.staff.handBack(conversationId, staffActor(user));
      await deps.cards.refreshConversationCards(conversationId);
      await post(`:robot_face: Handed back to the assistant by ${actorMention(staffActor(user))}.`);
      return;
    case actionIds.replyConversation: {
      await assertMayWrite(deps, user, conversation.assignee, 'this conversation');
      if (!body.trigger_id) return;
      const customer = await deps.store.findCustomerForConversation(conversationId);
      const metadata = JSON.stringify({ caseId: null, conversationId, thread });
      await client.views.open({
        trigger_id: body.trigger_id,
        view: replyModal({ metadata, reference: null, conversation, customer, holder: conversation.assignee }),
      });
      return;
    }
    case actionIds.makeCase: {
      if (!body.trigger_id) return;
      const messages = (await deps.store.listMessages(conversationId)).filter(
        (m) => m.direction === 'inbound' && m.case_id === null,
      );
      const words = messages
        .map((m) => m.text.trim())
        .filter((t) => t !== '')
        .join('\n');
      const metadata = JSON.stringify({ caseId: null, conversationId, thread });
      const receivedAt = messages[0] ? new Date(messages[0].created_at) : new Date();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: makeCaseModal({ metadata, customerWords: words, receivedAt, attached: messages.length }),
      });
      return;
    }
  }
}
