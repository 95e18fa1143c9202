import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import { Ask, type Answer } from './ask.js';
import { complaintOffer, type OfferChoice } from './choice-sets.js';
import { FlowDialog } from './flow-dialog.js';
import { askId, type FlowStart } from './flow-start.js';
import type { BotServices } from './services.js';

export const triageConfirmDialogId = 'triageConfirm';

/** What the customer chose when offered a complaint; recorded on the case (Code 1.3, 1.4). */
export interface OfferResult {
  kind: 'formal_complaint' | 'first_time_fix' | 'enquiry';
  offered: boolean;
  choice: OfferChoice | 'asked_for_complaint';
  /**
   * The customer said which, in so many words: asked for a complaint, or picked one choice.
   * False when a reply naming two was taken as a complaint (`prefer`): they are then asked
   * whether it may be recorded as one (Code 1.3, seed 004).
   */
  outright?: boolean;
  /**
   * That reply, when it named both: it says what they want ("come and fix it and explain why
   * it took so long"), so it is their outcome, not asked for again.
   */
  wants?: string;
}

/**
 * Says back, in plain words, what the customer seems unhappy about, and offers the
 * choice the policy pack gives: a formal complaint, or putting it right within the
 * first-time-fix timescale (seed 004: 2 working days). The customer need not have said
 * "complaint" (Code 1.3). Someone who asked for a complaint in words gets one: no
 * quick-fix alternative is put to them (Code 5.2/5.3 forbid steering away from stage 1).
 */
export class TriageConfirmDialog extends FlowDialog<FlowStart> {
  constructor(private readonly services: BotServices) {
    super(triageConfirmDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(new WaterfallDialog<FlowStart>('steps', [this.offer.bind(this), this.choose.bind(this)]));
    this.initialDialogId = 'steps';
  }

  private async offer(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const { triage } = step.options;
    const topic = `topics.${triage.category}`;
    if (triage.explicitComplaintRequest) {
      await this.services.speaker.say(step.context, { key: 'triage.explicit', refs: { topic } });
      const result: OfferResult = {
        kind: 'formal_complaint',
        offered: false,
        choice: 'asked_for_complaint',
        outright: true,
      };
      return step.endDialog(result);
    }
    const days = this.services.cases.pack.complaints.firstTimeFix.resolve.workingDays;
    return step.beginDialog(askId, {
      prompt: { key: 'triage.offer', refs: { topic }, vars: { count: days } },
      choices: complaintOffer,
      // "Fix it and explain why it took so long" asks for both, and only a complaint gives both:
      // it puts the matter right too, and a customer is never steered away from one (Code 5.2, 5.3).
      prefer: 'formal',
    });
  }

  private async choose(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const answer = step.result as Answer;
    const choice = answer.value as OfferChoice;
    const kind = choice === 'formal' ? 'formal_complaint' : choice === 'fix' ? 'first_time_fix' : 'enquiry';
    const result: OfferResult = {
      kind,
      offered: true,
      choice,
      outright: answer.preferred !== true,
      ...(answer.preferred === true ? { wants: answer.text } : {}),
    };
    return step.endDialog(result);
  }
}
