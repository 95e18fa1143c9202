import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { loadCaseCard } from './case-card.js';
import { refusalOf, tellColleague, type SlackHandlerDeps } from './handler-deps.js';
import { actionIds, staffActor, TargetSchema, type Target } from './ids.js';
import { actorMention } from './labels.js';
import { extendModal, reclassifyModal, resolveModal } from './modals.js';
import { BlockActionSchema, type BlockAction } from './payloads.js';

const ours = new Set<string>(Object.values(actionIds));

/**
 * The card's buttons. Each is acknowledged first (Slack wants an answer within 3 s), then
 * the change is made through StaffActions; cards are refreshed by the handoff queue, which
 * retries if Slack is slow. A refusal (stage 2 by the stage 1 handler) is told only to the
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

async function act(deps: SlackHandlerDeps, client: WebClient, body: BlockAction, actionId: string, target: Target): Promise<void> {
  const actor = staffActor(body.user.id);
  if ('conversationId' in target) {
    const thread = body.channel && body.message ? await deps.store.getSlackThread(body.channel.id, body.message.thread_ts ?? body.message.ts) : undefined;
    if (actionId === actionIds.claimConversation) {
      await deps.staff.claimConversation(target.conversationId, actor);
      await deps.cards.refreshConversationCards(target.conversationId);
      if (thread) await client.chat.postMessage({ channel: thread.channel, thread_ts: thread.thread_ts, text: `:raising_hand: Claimed by ${actorMention(actor)}. Reply in this thread to talk to the customer.` });
    } else if (actionId === actionIds.handBackConversation) {
      await deps.staff.handBack(target.conversationId, actor);
      await deps.cards.refreshConversationCards(target.conversationId);
      if (thread) await client.chat.postMessage({ channel: thread.channel, thread_ts: thread.thread_ts, text: `:robot_face: Handed back to the assistant by ${actorMention(actor)}.` });
    }
    return;
  }

  const { caseId } = target;
  switch (actionId) {
    case actionIds.claim:
      await deps.staff.claimCase(caseId, actor);
      return;
    case actionIds.stage2:
      await deps.staff.takeStage2(caseId, actor);
      return;
    case actionIds.handBack: {
      const row = await deps.store.getCase(caseId);
      if (row?.conversation_id) await deps.staff.handBack(row.conversation_id, actor, caseId);
      return;
    }
    case actionIds.reclassify:
    case actionIds.extend:
    case actionIds.resolve: {
      const data = await loadCaseCard(deps.store, caseId);
      if (!data || !body.trigger_id) return;
      const view =
        actionId === actionIds.reclassify ? reclassifyModal(data.case) : actionId === actionIds.extend ? extendModal(data, deps.cases.pack) : resolveModal(data);
      await client.views.open({ trigger_id: body.trigger_id, view });
      return;
    }
  }
}
