import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import { isEmergencyCase } from '../src/cases/staff-actions.js';
import type { Case } from '../src/db/rows.js';
import { FlowDialog } from './flow-dialog.js';
import type { BotServices } from './services.js';
import { turnOf } from './turn.js';

export const handoffDialogId = 'handoff';

export interface HandoffOptions {
  reason: string;
}

/**
 * "agent", "human", "person" at any point: the conversation is queued for a colleague
 * (from then on the turn pipeline relays the customer's messages to staff) and the
 * customer is told when to expect a reply.
 */
export class HandoffDialog extends FlowDialog<HandoffOptions> {
  constructor(private readonly services: BotServices) {
    super(handoffDialogId);
    this.addDialog(new WaterfallDialog<HandoffOptions>('steps', [this.handOff.bind(this)]));
    this.initialDialogId = 'steps';
  }

  private async handOff(step: WaterfallStepContext<HandoffOptions>): Promise<DialogTurnResult> {
    const info = turnOf(step.context);
    const { store, cases, speaker } = this.services;
    // A customer with an open emergency is not told office hours: their emergency's team has it.
    let emergency: Case | undefined;
    if (info.conversationId) {
      const open = await store.listCasesForConversation(info.conversationId, true);
      emergency = open.find((c) => isEmergencyCase(c));
      await cases.requestHandoff({
        conversationId: info.conversationId,
        caseId: (emergency ?? open[0])?.id ?? null,
        reason: step.options.reason,
        key: info.messageId ?? info.now.toISOString(),
      });
    }
    if (emergency)
      await speaker.say(step.context, { key: 'emergency.loggedWelfare', vars: { reference: emergency.reference } });
    else await speaker.say(step.context, 'handoff.queued');
    return step.endDialog();
  }
}
