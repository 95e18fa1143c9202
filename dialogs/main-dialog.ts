import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import { asksForStage2, isOpener } from './commands.js';
import { ComplaintFlowDialog, complaintFlowDialogId } from './complaint-flow-dialog.js';
import { DocumentRequestDialog, documentRequestDialogId } from './document-request-dialog.js';
import { EnquiryDialog, enquiryDialogId, type EnquiryOptions } from './enquiry-dialog.js';
import { FlowDialog } from './flow-dialog.js';
import type { FlowStart } from './flow-start.js';
import { isQuestion, knowledgeTopicFor } from './knowledge.js';
import { detectLanguage, nativeName } from './languages.js';
import { caseOf, knownCustomer, type BotServices } from './services.js';
import { Stage2Dialog, stage2DialogId } from './stage2-dialog.js';
import {
  VulnerabilityDialog,
  vulnerabilityDialogId,
  vulnerabilityMatters,
  type VulnerabilityOptions,
} from './vulnerability-dialog.js';
import { turnOf } from './turn.js';

export const mainDialogId = 'main';

/**
 * A new contact: offers the language the message seems to be in, and sends it to the
 * flow for what it is.
 */
export class MainDialog extends FlowDialog<FlowStart> {
  constructor(private readonly services: BotServices) {
    super(mainDialogId);
    this.addDialog(new ComplaintFlowDialog(services));
    this.addDialog(new EnquiryDialog(services));
    this.addDialog(new DocumentRequestDialog(services));
    this.addDialog(new Stage2Dialog(services));
    this.addDialog(new VulnerabilityDialog(services));
    this.addDialog(
      new WaterfallDialog<FlowStart>('steps', [
        this.route.bind(this),
        this.vulnerability.bind(this),
        this.done.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private async route(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const info = turnOf(step.context);
    const { speaker } = this.services;
    const { text, triage } = step.options;
    await offerLanguage(this.services, step);
    if (isOpener(text)) {
      await speaker.say(step.context, 'start.howCanIHelp');
      return step.endDialog();
    }
    // A general question ("how do complaints work?") is answered, not taken for a complaint.
    const general = knowledgeTopicFor(text) !== undefined && (triage.kind === 'enquiry' || isQuestion(text));
    if (info.caps.isPublic && !general) {
      // A public comment: general answers only; anything about the person moves to a private message.
      await speaker.say(step.context, 'public.private');
      return step.endDialog();
    }
    if (general) return step.beginDialog(enquiryDialogId, { start: step.options } satisfies EnquiryOptions);
    if (asksForStage2(text, triage.flags)) return step.beginDialog(stage2DialogId, step.options);
    if (triage.kind === 'first_time_fix' || triage.kind === 'formal_complaint')
      return step.beginDialog(complaintFlowDialogId, step.options);
    if (triage.flags.includes('format_request') || triage.flags.includes('language_request')) {
      return step.beginDialog(documentRequestDialogId, step.options);
    }
    const options: EnquiryOptions = { start: step.options };
    return step.beginDialog(enquiryDialogId, options);
  }

  /**
   * Once a case is safely logged, where it matters (a complaint; no heating or hot water; damp
   * and mould): who is at home and how to contact them (issue 11 item 6), asked once.
   */
  private async vulnerability(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const opened = step.result as { caseId?: unknown } | undefined;
    (step.values as { opened?: unknown }).opened = step.result;
    if (typeof opened?.caseId !== 'string') return step.next(step.result);
    const row = await caseOf(this.services, step.context, opened.caseId);
    if (!row) return step.next(step.result);
    const complaint = row.kind === 'formal_complaint' || row.kind === 'first_time_fix';
    if (!vulnerabilityMatters(step.options, complaint)) return step.next(step.result);
    // Health details are recorded only with the customer's own permission: not asked of someone writing for them.
    const writer = await knownCustomer(this.services, step.context);
    if (row.customer_id && writer?.id !== row.customer_id) return step.next(step.result);
    const options: VulnerabilityOptions = { start: step.options, caseId: row.id };
    return step.beginDialog(vulnerabilityDialogId, options);
  }

  private async done(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    return step.endDialog((step.values as { opened?: unknown }).opened ?? step.result);
  }
}

/** The language the message seems to be written in, offered once per conversation. */
async function offerLanguage(services: BotServices, step: WaterfallStepContext<FlowStart>): Promise<void> {
  const info = turnOf(step.context);
  const { speaker } = services;
  if (info.data.languageOffered || info.data.langSource === 'chosen' || info.data.langSource === 'client') return;
  const detected = detectLanguage(step.options.text, services.languages);
  if (!detected || detected === info.data.lang) return;
  info.data.languageOffered = true;
  // The offer is written in the language we think they wrote in; saying its name switches (any time).
  await speaker.say(step.context, { key: 'language.offer', vars: { language: nativeName(detected) }, lang: detected });
}
