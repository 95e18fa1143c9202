import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import type { CaseConsent, OpenCaseInput } from '../src/cases/case-service.js';
import type { CaseClock, UkDivision } from '../src/db/rows.js';
import { serviceStandardDue } from '../src/policy/index.js';
import type { DetailsResult } from './complaint-details-dialog.js';
import { FlowDialog } from './flow-dialog.js';
import type { Phrase } from './speaker.js';
import type { FlowStart } from './flow-start.js';
import type { PreferencesResult } from './preferences-dialog.js';
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
import { turnOf } from './turn.js';

export const confirmationDialogId = 'confirmation';

export interface ConfirmationOptions {
  start: FlowStart;
  offer: OfferResult;
  kind: 'formal_complaint' | 'first_time_fix' | 'enquiry';
  details: DetailsResult;
  prefs: PreferencesResult;
}

export interface OpenedResult {
  caseId: string;
  reference: string;
}

function dueOf(clocks: readonly CaseClock[], name: string): string | undefined {
  const clock = clocks.find((c) => c.name === name);
  return clock ? new Date(clock.due_at).toISOString() : undefined;
}

/**
 * Opens the case and tells the customer what was logged, its reference and what happens
 * next, with the real dates from its clocks ("We'll contact you by Tuesday 1 December").
 */
export class ConfirmationDialog extends FlowDialog<ConfirmationOptions> {
  constructor(private readonly services: BotServices) {
    super(confirmationDialogId);
    this.addDialog(new WaterfallDialog<ConfirmationOptions>('steps', [this.open.bind(this)]));
    this.initialDialogId = 'steps';
  }

  private async open(step: WaterfallStepContext<ConfirmationOptions>): Promise<DialogTurnResult> {
    const { start, offer, kind, details, prefs } = step.options;
    const info = turnOf(step.context);
    const { store, cases, speaker } = this.services;
    // Someone writing for the customer is a party of their own: the customer gets (or keeps) their own
    // record, never the writer's (issue 15 item 3; docs/rules/contacts.md#representatives).
    const forSomeone = details.role === 'for_someone';
    // The writer's own number given as the customer's would make them one person again: not used.
    const writer = forSomeone && info.conversationId ? await store.getConversation(info.conversationId) : undefined;
    const givenPhone = prefs.patch?.phone ?? null;
    const phone = givenPhone && writer && writer.address.replace(/^whatsapp:/, '') === givenPhone ? null : givenPhone;
    const found = forSomeone
      ? await cases.parties.representedCustomer({ name: details.name, phone, email: prefs.patch?.email ?? null })
      : await customerForCase(this.services, step.context);
    let customer = found;
    if (found) {
      const { postcode, tenancyRef, address } = details.home;
      customer = await updateCustomer(this.services, step.context, found.id, {
        ...(forSomeone ? { ...prefs.patch, phone } : {}),
        name: details.name,
        // The whole address line as given (house or flat number and all) is the address for letters too.
        ...(postcode ? { postcode } : {}),
        ...(tenancyRef ? { tenancy_ref: tenancyRef } : {}),
        ...(address ? { address } : {}),
      });
    }
    const flags = new Set<string>(start.triage.flags);
    if (details.over12Months) flags.add('older_than_12_months');
    if (details.representative) flags.add('representative');
    if (details.representativeConsent?.details['status'] === 'to_confirm')
      flags.add('representative_consent_to_confirm');
    // Answers taken as said after two tries: a colleague checks them.
    for (const mark of takeMarks(info)) flags.add(mark);
    const consents: CaseConsent[] = [];
    if (details.representativeConsent) consents.push({ kind: 'representative', ...details.representativeConsent });
    if (details.recordAsComplaint !== null)
      consents.push({
        kind: 'record_as_complaint',
        granted: details.recordAsComplaint,
        // Asked, or said already: "I want to make a complaint", or "Formal complaint" when offered one.
        details: { offerChoice: offer.choice, asked: details.recordAsComplaintAsked },
      });
    const opened = await cases.openCase({
      kind,
      customerId: customer?.id ?? null,
      conversationId: info.conversationId,
      channelId: info.channelId,
      customerWords: details.customerWords,
      originMessageId: info.messageId,
      messageIds: info.data.flowMessageIds,
      category: categoryFor(start.triage),
      flags: [...flags],
      classification: classificationRecord(start.triage),
      desiredOutcome: details.desiredOutcome,
      startedWhen: details.startedWhen,
      representative: details.representative,
      complaintOffered: offer.offered,
      complaintOfferChoice: details.recordAsComplaint === false ? `${offer.choice}_not_recorded` : offer.choice,
      receivedAt: new Date(start.startedAt),
      consents,
      ...(details.representative ? { party: await this.party(step, details) } : {}),
      ...(customer ? { customer } : {}),
      ...turnConversation(step.context),
    });
    caseOpened(step.context, opened);
    info.data.flowMessageIds = [];
    const row = opened.case;
    const contact = prefs.contactMethod;
    // To someone writing for the customer, the summary says whose it is and how the customer is contacted.
    await speaker.say(step.context, {
      key: forSomeone ? 'parties:confirm.summaryFor' : 'confirm.summary',
      vars: { reference: row.reference, outcome: details.desiredOutcome, name: details.name },
      refs: {
        what: `confirm.kind.${kind}`,
        topic: `topics.${start.triage.category}`,
        contact: `choices.contact.${contact}.title`,
        format: `choices.format.${prefs.format}.title`,
      },
    });
    // Opening the case set the customer's division from their postcode (docs/rules/nations.md#nation-by-postcode).
    const placed = customer && info.conversationId ? await knownCustomer(this.services, step.context) : undefined;
    await speaker.say(
      step.context,
      this.nextSteps(
        step,
        kind,
        opened.clocks,
        placed?.uk_division ?? customer?.uk_division ?? 'england-and-wales',
        forSomeone ? details.name : undefined,
      ),
    );
    if (details.representativeConsent?.details['status'] === 'to_confirm') {
      // Asked on their own phone when we have it; otherwise a colleague confirms it in writing.
      const asked = (await cases.parties.listParties(row.id)).some((p) => p.consent_status === 'requested');
      await speaker.say(step.context, {
        key: asked ? 'parties:consent.askedByText' : 'confirm.repToConfirm',
        vars: { name: details.name },
      });
    }
    await speaker.say(step.context, { key: 'confirm.status', vars: { reference: row.reference } });
    const result: OpenedResult = { caseId: row.id, reference: row.reference };
    return step.endDialog(result);
  }

  /** The representative as a party: their own contact is the channel they write from. */
  private async party(
    step: WaterfallStepContext<ConfirmationOptions>,
    details: ConfirmationOptions['details'],
  ): Promise<NonNullable<OpenCaseInput['party']>> {
    const rep = details.representative ?? { name: '', relationship: '' };
    const info = turnOf(step.context);
    const forSomeone = details.role === 'for_someone';
    const conversation =
      forSomeone && info.conversationId ? await this.services.store.getConversation(info.conversationId) : undefined;
    const phone =
      conversation && (conversation.channel_id === 'sms' || conversation.channel_id === 'whatsapp')
        ? conversation.address.replace(/^whatsapp:/, '')
        : null;
    const says = details.representativeConsent?.details['representativeSays'];
    return {
      name: rep.name,
      relationship: rep.relationship,
      phone,
      // Only a representative writing here has this conversation; a customer's named representative has none.
      conversationId: forSomeone ? info.conversationId : null,
      representativeSays: typeof says === 'string' ? says : null,
      consent: forSomeone ? 'ask' : details.representativeConsent?.granted ? 'given' : 'declined',
    };
  }

  private nextSteps(
    step: WaterfallStepContext<ConfirmationOptions>,
    kind: ConfirmationOptions['kind'],
    clocks: readonly CaseClock[],
    division: UkDivision,
    /** The customer someone else is writing for: it is they who are contacted, not the writer. */
    forName: string | undefined,
  ): Phrase {
    const { cases } = this.services;
    if (kind === 'formal_complaint') {
      return {
        key: forName === undefined ? 'confirm.next.formal' : 'parties:confirm.nextFormalFor',
        ...(forName === undefined ? {} : { vars: { name: forName } }),
        dates: { ackDate: dueOf(clocks, 'stage1_ack') ?? '', responseDate: dueOf(clocks, 'stage1_response') ?? '' },
      };
    }
    if (kind === 'first_time_fix') {
      // Code 2024: a fix with the offer recorded that becomes stage 1 if late; seed 004: an informal complaint.
      const mode = cases.pack.complaints.firstTimeFix.mode === 'informal_stage' ? 'informal' : 'fix';
      return { key: `confirm.next.${mode}`, dates: { date: dueOf(clocks, 'ftf_resolve') ?? '' } };
    }
    const info = turnOf(step.context);
    // seeds 001/002: messages answered within one working day.
    const due = serviceStandardDue({ standard: 'phone_message', receivedAt: info.now, ...cases.policyFor(division) });
    return { key: 'confirm.next.enquiry', dates: { date: due.dueAt.toISOString() } };
  }
}
