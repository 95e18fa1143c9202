import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import {
  ComplaintDetailsDialog,
  complaintDetailsDialogId,
  type DetailsOptions,
  type DetailsResult,
} from './complaint-details-dialog.js';
import { ConfirmationDialog, confirmationDialogId, type ConfirmationOptions } from './confirmation-dialog.js';
import { ConsentDialog, consentDialogId, type NoticeOptions } from './consent-dialog.js';
import { EnquiryDialog, enquiryDialogId, type EnquiryOptions } from './enquiry-dialog.js';
import { FlowDialog } from './flow-dialog.js';
import type { FlowStart } from './flow-start.js';
import { PreferencesDialog, preferencesDialogId, type PreferencesResult } from './preferences-dialog.js';
import type { BotServices } from './services.js';
import { TriageConfirmDialog, triageConfirmDialogId, type OfferResult } from './triage-confirm-dialog.js';

export const complaintFlowDialogId = 'complaint';

interface Values {
  offer?: OfferResult;
  kind?: ConfirmationOptions['kind'];
  details?: DetailsResult;
}

/**
 * Dissatisfaction, from the offer to the confirmation: triage and confirm → privacy
 * notice → complaint details → preferences → confirmation. "Neither" at the offer makes
 * it a service request, with the offer still on record.
 */
export class ComplaintFlowDialog extends FlowDialog<FlowStart> {
  constructor(private readonly services: BotServices) {
    super(complaintFlowDialogId);
    this.addDialog(new TriageConfirmDialog(services));
    this.addDialog(new ConsentDialog(services));
    this.addDialog(new ComplaintDetailsDialog(services));
    this.addDialog(new PreferencesDialog(services));
    this.addDialog(new ConfirmationDialog(services));
    this.addDialog(new EnquiryDialog(services));
    this.addDialog(
      new WaterfallDialog<FlowStart>('steps', [
        this.offer.bind(this),
        this.consent.bind(this),
        this.details.bind(this),
        this.preferences.bind(this),
        this.confirm.bind(this),
        this.done.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private values(step: WaterfallStepContext<FlowStart>): Values {
    return step.values as Values;
  }

  private async offer(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    return step.beginDialog(triageConfirmDialogId, step.options);
  }

  private async consent(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const offer = step.result as OfferResult;
    this.values(step).offer = offer;
    if (offer.kind === 'enquiry') {
      const options: EnquiryOptions = { start: step.options, offer };
      // The enquiry flow ends this one: its result is the flow's result.
      return step.replaceDialog(enquiryDialogId, options);
    }
    this.values(step).kind = offer.kind;
    const notice: NoticeOptions = { purpose: 'complaint_handling' };
    return step.beginDialog(consentDialogId, notice);
  }

  private async details(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    // The customer chose not to go ahead, and the notice dialog told them what is kept.
    if (step.result !== true) return step.endDialog();
    const kind = this.values(step).kind === 'formal_complaint' ? 'formal_complaint' : 'first_time_fix';
    const informal = this.services.cases.pack.complaints.firstTimeFix.mode === 'informal_stage';
    const options: DetailsOptions = {
      kind,
      text: step.options.text,
      askStarted: kind === 'formal_complaint',
      ...(this.values(step).offer?.wants ? { outcome: this.values(step).offer?.wants } : {}),
      // seed 004 records an informal complaint as a complaint too; under the Code a fix is a service request.
      recordConsent: kind !== 'formal_complaint' && !informal ? 'none' : recordConsent(this.values(step).offer, kind),
    };
    return step.beginDialog(complaintDetailsDialogId, options);
  }

  private async preferences(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const details = step.result as DetailsResult;
    const v = this.values(step);
    v.details = details;
    if (details.recordAsComplaint === false) {
      // Not recorded as a complaint, as the customer asked; still looked into as a service request.
      v.kind = 'enquiry';
      await this.services.speaker.say(step.context, 'complaint.notRecorded');
    }
    // Someone writing for the customer gives the customer's contact details, not their own (issue 15 item 3).
    return step.beginDialog(preferencesDialogId, details.role === 'for_someone' ? { forName: details.name } : {});
  }

  private async confirm(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const v = this.values(step);
    const options: ConfirmationOptions = {
      start: step.options,
      offer: v.offer ?? { kind: 'formal_complaint', offered: false, choice: 'formal' },
      kind: v.kind ?? 'formal_complaint',
      details: v.details as DetailsResult,
      prefs: step.result as PreferencesResult,
    };
    return step.beginDialog(confirmationDialogId, options);
  }

  private async done(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }
}

/**
 * Whether to ask if it may be recorded as a complaint (Code 1.3; seed 004: "we will always
 * ensure the customer is happy for us to record it as a complaint"). A customer who asked
 * for one, or picked "Formal complaint" when offered the choice, has said so already; one
 * whose reply was taken as a complaint (it named a fix too), or who chose a fix that the
 * pack records as an informal complaint, is asked.
 */
function recordConsent(offer: OfferResult | undefined, kind: 'formal_complaint' | 'first_time_fix'): 'ask' | 'given' {
  if (kind !== 'formal_complaint' || offer === undefined) return 'ask';
  return offer.choice === 'asked_for_complaint' || (offer.choice === 'formal' && offer.outright === true)
    ? 'given'
    : 'ask';
}
