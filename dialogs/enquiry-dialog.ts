import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import type { UkDivision } from '../src/db/rows.js';
import { serviceStandardDue } from '../src/policy/index.js';
import { ConsentDialog, consentDialogId, type NoticeOptions } from './consent-dialog.js';
import { FlowDialog } from './flow-dialog.js';
import type { FlowStart } from './flow-start.js';
import { knowledgeTopicFor, knowledgeVars } from './knowledge.js';
import {
  caseOpened,
  customerForCase,
  knownCustomer,
  turnConversation,
  updateCustomer,
  type BotServices,
} from './services.js';
import { categoryFor, classificationRecord } from './triage.js';
import type { OfferResult } from './triage-confirm-dialog.js';
import { takeMarks } from './answers/give-up.js';
import { patchFromFacts } from './answers/remember.js';
import { turnOf } from './turn.js';

export const enquiryDialogId = 'enquiry';

export interface EnquiryOptions {
  start: FlowStart;
  /** Set when the customer was offered a complaint and chose neither: the offer is still recorded (Code 1.3). */
  offer?: OfferResult;
}

/**
 * A question or a service request. General questions are answered from the knowledge
 * in the locale files; anything else is logged for the right team (Code 1.4: a service
 * request is recorded too) with the reply date from the service standards.
 */
export class EnquiryDialog extends FlowDialog<EnquiryOptions> {
  constructor(private readonly services: BotServices) {
    super(enquiryDialogId);
    this.addDialog(new ConsentDialog(services));
    this.addDialog(new WaterfallDialog<EnquiryOptions>('steps', [this.answer.bind(this), this.queue.bind(this)]));
    this.initialDialogId = 'steps';
  }

  private async answer(step: WaterfallStepContext<EnquiryOptions>): Promise<DialogTurnResult> {
    const { start, offer } = step.options;
    const { speaker, cases } = this.services;
    if (!offer) {
      const topic = knowledgeTopicFor(start.text);
      if (topic) {
        // The ombudsman of the customer's nation: the Housing Ombudsman is England's (docs/rules/nations.md#which-ombudsman).
        const customer = await knownCustomer(this.services, step.context);
        const ombudsman = (await cases.ombudsmanFor({ customer_id: customer?.id ?? null }))(
          turnOf(step.context).data.lang,
        );
        await speaker.say(step.context, { key: `knowledge.${topic}`, vars: knowledgeVars(cases.pack, ombudsman) });
        await speaker.say(step.context, 'enquiry.anythingElse');
        return step.endDialog();
      }
      if (start.triage.flags.includes('compliment')) {
        await speaker.say(step.context, 'enquiry.compliment');
        return step.endDialog();
      }
    }
    // A repair report rests on the landlord's repairing duty; other requests on answering who wrote (the pack says which basis).
    const category = categoryFor(start.triage);
    const notice: NoticeOptions = {
      purpose: category === 'repairs' || category === 'damp_mould' ? 'repair_handling' : 'service_requests',
    };
    return step.beginDialog(consentDialogId, notice);
  }

  private async queue(step: WaterfallStepContext<EnquiryOptions>): Promise<DialogTurnResult> {
    if (step.result !== true) return step.endDialog();
    const { start, offer } = step.options;
    const info = turnOf(step.context);
    const { cases, speaker } = this.services;
    let customer = await customerForCase(this.services, step.context);
    // No details questions on this path: what they already said ("text me on 07700 900123") is their record.
    if (customer) {
      const patch = patchFromFacts(info.data.known, customer);
      if (Object.keys(patch).length > 0)
        customer = await updateCustomer(this.services, step.context, customer.id, patch);
    }
    const opened = await cases.openCase({
      kind: 'enquiry',
      customerId: customer?.id ?? null,
      conversationId: info.conversationId,
      channelId: info.channelId,
      customerWords: start.text,
      originMessageId: info.messageId,
      messageIds: info.data.flowMessageIds,
      category: categoryFor(start.triage),
      flags: [...start.triage.flags, ...takeMarks(info)],
      classification: classificationRecord(start.triage),
      complaintOffered: offer?.offered ?? false,
      complaintOfferChoice: offer?.choice ?? null,
      receivedAt: new Date(start.startedAt),
      ...(customer ? { customer } : {}),
      ...turnConversation(step.context),
    });
    caseOpened(step.context, opened);
    info.data.flowMessageIds = [];
    const division: UkDivision = customer?.uk_division ?? 'england-and-wales';
    // seeds 001/002: messages answered within one working day.
    const due = serviceStandardDue({
      standard: 'phone_message',
      receivedAt: new Date(start.startedAt),
      ...cases.policyFor(division),
    });
    await speaker.say(step.context, {
      key: offer ? 'enquiry.queuedAfterOffer' : 'enquiry.queued',
      vars: { reference: opened.case.reference },
      dates: { date: due.dueAt.toISOString() },
    });
    return step.endDialog({ caseId: opened.case.id, reference: opened.case.reference });
  }
}
