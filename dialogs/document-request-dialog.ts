import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { serviceStandardDue } from '../src/policy/index.js';
import { Ask, type Answer } from './ask.js';
import { ConsentDialog, consentDialogId } from './consent-dialog.js';
import { FlowDialog } from './flow-dialog.js';
import { askId, type FlowStart } from './flow-start.js';
import { PreferencesDialog, preferencesDialogId, type PreferencesOptions, type PreferencesResult } from './preferences-dialog.js';
import { customerForCase, type BotServices } from './services.js';
import { classificationRecord } from './triage.js';
import { turnOf } from './turn.js';

export const documentRequestDialogId = 'documentRequest';

interface Values {
  document?: string;
}

/**
 * A document in another language or format (seeds 000, 001, 002: large print, braille,
 * audio, easy read, translations). The format is stored on the customer so every later
 * letter follows it, and the request is logged for the team that sends documents.
 */
export class DocumentRequestDialog extends FlowDialog<FlowStart> {
  constructor(private readonly services: BotServices) {
    super(documentRequestDialogId);
    this.addDialog(new Ask(askId, services.speaker));
    this.addDialog(new ConsentDialog(services));
    this.addDialog(new PreferencesDialog(services));
    this.addDialog(
      new WaterfallDialog<FlowStart>('steps', [this.consent.bind(this), this.askDocument.bind(this), this.askFormat.bind(this), this.log.bind(this)]),
    );
    this.initialDialogId = 'steps';
  }

  private async consent(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    return step.beginDialog(consentDialogId);
  }

  private async askDocument(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    if (step.result !== true) return step.endDialog();
    return step.beginDialog(askId, { prompt: { key: 'document.which' } });
  }

  private async askFormat(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    (step.values as Values).document = (step.result as Answer).text;
    const options: PreferencesOptions = { formatOnly: true };
    return step.beginDialog(preferencesDialogId, options);
  }

  private async log(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const prefs = step.result as PreferencesResult;
    const document = (step.values as Values).document ?? '';
    const info = turnOf(step.context);
    const { cases, speaker } = this.services;
    const customer = await customerForCase(this.services, step.context);
    const flags = new Set<string>(step.options.triage.flags.filter((f) => f === 'format_request' || f === 'language_request'));
    if (flags.size === 0) flags.add('format_request');
    const opened = await cases.openCase({
      kind: 'enquiry',
      customerId: customer?.id ?? null,
      conversationId: info.conversationId,
      channelId: info.channelId,
      customerWords: step.options.text,
      desiredOutcome: document,
      originMessageId: info.messageId,
      messageIds: info.data.flowMessageIds,
      category: 'communication',
      flags: [...flags],
      classification: classificationRecord(step.options.triage),
      receivedAt: new Date(step.options.startedAt),
    });
    info.data.flowMessageIds = [];
    // seed 002: letters within 10 working days.
    const due = serviceStandardDue({
      standard: 'letter',
      receivedAt: new Date(step.options.startedAt),
      ...cases.policyFor(customer?.uk_division ?? 'england-and-wales'),
    });
    await speaker.say(step.context, {
      key: 'document.queued',
      vars: { reference: opened.case.reference, document },
      refs: { format: `choices.format.${prefs.format}.title` },
      dates: { date: due.dueAt.toISOString() },
    });
    return step.endDialog({ caseId: opened.case.id, reference: opened.case.reference });
  }
}
