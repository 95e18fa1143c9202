import type { TurnContext } from 'botbuilder-core';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import {
  informationKinds,
  isInformationKind,
  isRenderableFormat,
  type InformationKind,
} from '../src/documents/kinds.js';
import type { DocumentPort, DocumentResult } from '../src/documents/ports.js';
import { serviceStandardDue } from '../src/policy/index.js';
import { Ask, type Answer } from './ask.js';
import { yesNo } from './choice-sets.js';
import { ConsentDialog, consentDialogId, type NoticeOptions } from './consent-dialog.js';
import { FlowDialog } from './flow-dialog.js';
import { askId, type FlowStart } from './flow-start.js';
import {
  PreferencesDialog,
  preferencesDialogId,
  type PreferencesOptions,
  type PreferencesResult,
} from './preferences-dialog.js';
import { caseOpened, customerForCase, knownCustomer, turnConversation, type BotServices } from './services.js';
import type { ChoiceSpec } from './speaker.js';
import { classificationRecord } from './triage.js';
import { takeMarks } from './answers/give-up.js';
import { turnOf } from './turn.js';

export const documentRequestDialogId = 'documentRequest';

/** The documents the gateway can make itself; anything else the customer names goes to staff. */
const documentChoices: ChoiceSpec[] = informationKinds.map((kind) => ({
  value: kind,
  key: `choices.document.${kind}`,
}));

interface Values {
  /** The document in the customer's words. */
  document?: string;
  /** The document when it is one we can make. */
  kind?: InformationKind | null;
  /** The preference on record, offered before asking again. */
  stored?: PreferencesResult;
}

/**
 * A document in another language or format (seeds 000, 001, 002: large print, braille,
 * audio, easy read, translations). The format is stored on the customer so every later
 * letter follows it, and the request is logged as a case so staff see it. With documents
 * wired (src/documents), an information document is sent at once as a link, and a format
 * people make (braille, audio, BSL, an interpreter, a translation) becomes a task for the
 * accessibility team with the date the customer can expect it.
 */
export class DocumentRequestDialog extends FlowDialog<FlowStart> {
  constructor(private readonly services: BotServices) {
    super(documentRequestDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(new ConsentDialog(services));
    this.addDialog(new PreferencesDialog(services));
    this.addDialog(
      new WaterfallDialog<FlowStart>('steps', [
        this.consent.bind(this),
        this.askDocument.bind(this),
        this.askFormat.bind(this),
        this.askFormatAgain.bind(this),
        this.log.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private get documents(): DocumentPort | undefined {
    return this.services.cases.documents;
  }

  private values(step: WaterfallStepContext<FlowStart>): Values {
    return step.values as Values;
  }

  private async consent(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const notice: NoticeOptions = { purpose: 'service_requests' };
    return step.beginDialog(consentDialogId, notice);
  }

  private async askDocument(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    if (step.result !== true) return step.endDialog();
    if (!this.documents) return step.beginDialog(askId, { prompt: { key: 'document.which' } });
    return step.beginDialog(askId, { prompt: { key: 'document.which' }, choices: documentChoices, freeText: true });
  }

  /** The format on record is offered first (seeds 000/001: asked once, it drives every later letter). */
  private async askFormat(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const v = this.values(step);
    const answer = step.result as Answer;
    v.document = answer.text;
    v.kind = isInformationKind(answer.value) ? answer.value : null;
    const customer = await knownCustomer(this.services, step.context);
    if (this.documents && customer && customer.preferred_format !== 'standard') {
      v.stored = {
        contactMethod: customer.contact_method ?? 'chat',
        format: customer.preferred_format,
        language: null,
        accessNeeds: customer.access_needs,
      };
      return step.beginDialog(askId, {
        prompt: { key: 'document.useStored', refs: { format: `choices.format.${customer.preferred_format}.title` } },
        choices: yesNo,
      });
    }
    const options: PreferencesOptions = { formatOnly: true };
    return step.beginDialog(preferencesDialogId, options);
  }

  private async askFormatAgain(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const v = this.values(step);
    if (!v.stored) return step.next(step.result);
    if ((step.result as Answer).value === 'yes') return step.next(v.stored);
    v.stored = undefined;
    const options: PreferencesOptions = { formatOnly: true };
    return step.beginDialog(preferencesDialogId, options);
  }

  private async log(step: WaterfallStepContext<FlowStart>): Promise<DialogTurnResult> {
    const prefs = step.result as PreferencesResult;
    const v = this.values(step);
    const document = v.document ?? '';
    const info = turnOf(step.context);
    const { cases, speaker } = this.services;
    const customer = await customerForCase(this.services, step.context);
    const flags = new Set<string>(
      step.options.triage.flags.filter((f) => f === 'format_request' || f === 'language_request'),
    );
    if (flags.size === 0) flags.add('format_request');
    for (const mark of takeMarks(info)) flags.add(mark);
    // Logged as a case whatever happens next, so staff see every request for a document.
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
      ...(customer ? { customer } : {}),
      ...turnConversation(step.context),
    });
    caseOpened(step.context, opened);
    info.data.flowMessageIds = [];
    const reference = opened.case.reference;
    const documents = this.documents;

    if (documents && v.kind) {
      const result = await documents.requestInformation({
        kind: v.kind,
        format: prefs.format,
        language: prefs.language ?? customer?.preferred_language ?? speaker.lang(step.context),
        caseId: opened.case.id,
        customerId: customer?.id ?? null,
        accessNeeds: prefs.accessNeeds ?? customer?.access_needs ?? null,
      });
      await this.sayResult(step.context, v.kind, result, reference);
      // Served at once: nothing is left for staff to do, but the case shows it was asked for and sent.
      if (!result.task && !opened.replayed) {
        await cases.closeCase(opened.case.id, 'bot', {
          servedBy: 'document_link',
          documentId: result.link.documentId,
          kind: v.kind,
          format: result.link.format,
          language: result.link.language,
        });
      }
      return step.endDialog({ caseId: opened.case.id, reference });
    }

    // A document we cannot make ourselves: staff send it; a format people make is also a task for the accessibility team.
    const task =
      documents && !isRenderableFormat(prefs.format)
        ? await documents.openTask({
            kind: 'other',
            description: document,
            format: prefs.format,
            language: prefs.language ?? customer?.preferred_language ?? speaker.lang(step.context),
            caseId: opened.case.id,
            customerId: customer?.id ?? null,
            key: opened.case.id,
          })
        : null;
    // seed 002: letters within 10 working days.
    const due =
      task?.due_at ??
      serviceStandardDue({
        standard: 'letter',
        receivedAt: new Date(step.options.startedAt),
        ...cases.policyFor(customer?.uk_division ?? 'england-and-wales'),
      }).dueAt;
    await speaker.say(step.context, {
      key: 'document.queued',
      vars: { reference, document },
      refs: { format: `choices.format.${prefs.format}.title` },
      dates: { date: new Date(due).toISOString() },
    });
    return step.endDialog({ caseId: opened.case.id, reference });
  }

  /** The link, or when people make the format, the date to expect it and the link meanwhile. */
  private async sayResult(
    context: TurnContext,
    kind: InformationKind,
    result: DocumentResult,
    reference: string,
  ): Promise<void> {
    const { speaker } = this.services;
    const name = `documents:names.${kind}`;
    if (result.task) {
      await speaker.say(context, {
        key: 'document.taskQueued',
        vars: { reference },
        refs: { document: name, format: `choices.format.${result.task.format}.title` },
        dates: { date: new Date(result.task.due_at).toISOString() },
      });
      await speaker.say(context, {
        key: 'document.meanwhile',
        vars: { url: result.link.url },
        dates: { date: result.link.expiresAt.toISOString() },
      });
      return;
    }
    await speaker.say(context, {
      key: 'document.ready',
      vars: { url: result.link.url },
      refs: { document: name, format: `documents:formats.${result.link.format}` },
      dates: { date: result.link.expiresAt.toISOString() },
    });
  }
}
