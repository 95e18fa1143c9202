import { randomUUID } from 'node:crypto';
import { capabilitiesOf } from '../channel.js';
import type { StaffStore } from './ports.js';
import type { Case, CaseKind, Conversation, Customer, Message, PreferredFormat } from '../db/rows.js';
import type { DocumentLink } from '../documents/ports.js';
import { NotFoundError, PolicyError } from '../errors.js';
import { formatLondonDateTime, type Translator } from '../i18n.js';
import { stableUuid } from '../ids.js';
import { TurnNotices, type Outbox } from '../outbox.js';
import { serviceStandardDue, type ClockName, type EscalationBody, type ExtensionGranted } from '../policy/index.js';
import { ombudsmanFor, ombudsmanNation } from '../nations/index.js';
import { jobId } from '../queues/definitions.js';
import type { CaseService } from './case-service.js';
import { assertStage2Independent } from './independence.js';
import type { JobSink } from './sla-jobs.js';

/**
 * What colleagues do to a case or a handed-off conversation, whatever tool they use
 * (Slack today). Every change is audited through the store or the CaseService, and each
 * one that changes a case queues a `case_updated` handoff job so every card shows it.
 *
 * Nothing reaches a customer unless a colleague means it to: only the colleague who holds
 * the case (or the live conversation) or a team lead writes to the customer; a case nobody
 * holds becomes theirs as they do. Each action that writes to the customer has a preview
 * that returns exactly what it would say, from the same code that says it.
 */

export const responseOutcomes = ['upheld', 'partly_upheld', 'not_upheld', 'resolved'] as const;
export type ResponseOutcome = (typeof responseOutcomes)[number];

/** What every complaint response tells the customer (docs/rules/responses.md#response-contents, seed 004). */
export interface StaffResponse {
  outcome: ResponseOutcome;
  reasons: string;
  remedy: string;
  outstanding: string;
  changes: string;
}

/** Kinds a colleague may reclassify a case as; an emergency is the triage's call, not a relabel. */
export const reclassifiableKinds = [
  'enquiry',
  'first_time_fix',
  'formal_complaint',
] as const satisfies readonly CaseKind[];
export type ReclassifiableKind = (typeof reclassifiableKinds)[number];

/** Kinds a colleague may make a live conversation into: an emergency too, when the chat reveals one. */
export const caseKindsFromChat = [
  'enquiry',
  'first_time_fix',
  'formal_complaint',
  'emergency',
] as const satisfies readonly CaseKind[];
export type CaseKindFromChat = (typeof caseKindsFromChat)[number];

/** The clocks an extension may move: only response clocks have a cap in any pack. */
export const extendableClocks = ['stage1_response', 'stage2_response'] as const satisfies readonly ClockName[];
export type ExtendableClock = (typeof extendableClocks)[number];

/** How a case may be closed without a response (each audited in case_events). */
export const closeReasons = ['withdrawn', 'duplicate', 'no_response'] as const;
export type CloseReason = (typeof closeReasons)[number];

/** The teams a colleague can act for, as the customer is told (locales staff:joined.teams). */
export const teamKeys = ['complaints', 'customerServices', 'emergencies', 'seniorManagers', 'other'] as const;
export type TeamKey = (typeof teamKeys)[number];

/** Who is acting, as the staff tool knows them. */
export interface Colleague {
  /** `staff:<id>`: the audit trail's and the Outbox's actor. */
  actor: string;
  /** The first name the customer is told (seed 002: "we will let you know who you are speaking to"). */
  firstName: string | null;
  /** The team they act for here. */
  team: TeamKey;
  /** A team lead may write to the customer and assign on any case. */
  lead: boolean;
}

/** What a customer would receive, in order, on which channel and in which language. */
export interface CustomerPreview {
  /** The texts as the customer reads them, in the order they are sent; empty when nothing is sent. */
  messages: string[];
  /** The letter that goes with them (its link is sent as one more message). */
  letter: DocumentLink | null;
  /** Why nothing is sent, when nothing is. */
  notSent: string | null;
  lang: string;
  channelId: Conversation['channel_id'] | null;
  /** True when acting makes the colleague the case's holder (it was unclaimed). */
  claims: boolean;
}

export interface StaffActionsDeps {
  store: StaffStore;
  cases: CaseService;
  outbox: Pick<Outbox, 'say'>;
  queues: JobSink;
  translator: Translator;
  /** {{landlord}}, {{emergencyLine}}…, for the words staff send through the gateway. @defaultValue none */
  landlord?: Readonly<Record<string, string>>;
  now?: () => Date;
}

export interface ComposeResponseInput {
  lang: string;
  reference: string;
  kind: CaseKind;
  /** The stage the response is given at. */
  stage: Case['stage'];
  response: StaffResponse;
  format: PreferredFormat;
  ombudsman: EscalationBody | undefined;
  /** The ombudsman's name in the customer's language, for {{ombudsman}} (docs/rules/nations.md#which-ombudsman). @defaultValue the Housing Ombudsman */
  ombudsmanName?: string;
}

/** The customer's response, in their language, with how to escalate (docs/rules/responses.md#how-to-escalate). Pure, for tests. */
export function composeResponse(t: Translator, input: ComposeResponseInput): string {
  const { lang, response } = input;
  const isComplaint = input.kind === 'formal_complaint' && (input.stage === 'stage1' || input.stage === 'stage2');
  const stageNumber = input.stage === 'stage2' ? '2' : '1';
  const ombudsman = {
    ombudsman: input.ombudsmanName ?? t.t(lang, 'nations:ombudsman.england'),
    ombudsmanPhone: input.ombudsman?.phone ?? '',
    ombudsmanWebsite: input.ombudsman?.website ?? '',
  };
  const parts = [
    isComplaint
      ? t.t(lang, 'staff:response.introComplaint', { reference: input.reference, stage: stageNumber })
      : t.t(lang, 'staff:response.introRequest', { reference: input.reference }),
    t.t(lang, 'staff:response.outcome', { outcome: t.t(lang, `staff:response.outcomes.${response.outcome}`) }),
    t.t(lang, 'staff:response.reasons', { reasons: response.reasons.trim() }),
    t.t(lang, 'staff:response.remedy', { remedy: response.remedy.trim() }),
    t.t(lang, 'staff:response.outstanding', { outstanding: response.outstanding.trim() }),
    t.t(lang, 'staff:response.changes', { changes: response.changes.trim() }),
    !isComplaint
      ? t.t(lang, 'staff:response.escalateRequest')
      : input.stage === 'stage2'
        ? t.t(lang, 'staff:response.escalateStage2', ombudsman)
        : t.t(lang, 'staff:response.escalateStage1', ombudsman),
  ];
  if (input.format !== 'standard') {
    // seed 004: final responses go in the preferred format too; the message says a copy follows.
    const title = t.t(lang, `choices.format.${input.format}.title`);
    const format = title === title.toUpperCase() ? title : title.toLocaleLowerCase(lang);
    parts.push(t.t(lang, 'staff:response.formatCopy', { format }));
  }
  return parts.join('\n\n');
}

/** An emergency whatever its kind: the make-safe clock, not a standard date, is what it is promised. */
export function isEmergencyCase(row: Pick<Case, 'kind' | 'priority' | 'flags'>): boolean {
  return row.kind === 'emergency' || row.priority === 'emergency' || row.flags.includes('emergency');
}

/** Whether a case must be answered in writing before it closes: only a complaint stage (Code 2024 5.2, 5.3, 6). */
export function needsResponse(row: Pick<Case, 'stage'>): boolean {
  return row.stage !== 'none';
}

/** What the customer was told when nobody took their handoff in time. */
export type UnclaimedNotice =
  { told: 'standard'; by: Date } | { told: 'emergency'; by: Date | null; reference: string } | { told: 'urgent' };

export interface MakeCaseInput {
  kind: CaseKindFromChat;
  /** The customer's words for the case, as the colleague took them from the chat. */
  customerWords: string;
  desiredOutcome?: string | null;
  /** Code 2024 1.3: a formal complaint only when the customer agreed to it being recorded as one. */
  customerAgreedToComplaint?: boolean;
}

export class StaffActions {
  private readonly now: () => Date;

  constructor(private readonly deps: StaffActionsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  // ── taking work ────────────────────────────────────────────────────────────

  /**
   * Assign a case to oneself. The first colleague on a stage 1 complaint is its stage 1
   * handler; at stage 2 the handler must be someone else (Code 2024 6.13). A customer waiting
   * for a person, or talking to one, is told who they are talking to now (seed 002).
   */
  async claimCase(caseId: string, colleague: Colleague, key: string): Promise<Case> {
    const row = await this.mustGetCase(caseId);
    return this.assignTo(row, colleague, colleague.actor, 'claimed', key);
  }

  /**
   * Give a case to a colleague: a team lead may give any case, the holder may hand theirs
   * on, anyone may give one nobody holds. The stage 2 rule holds for the new holder.
   */
  async assign(caseId: string, by: Colleague, to: Colleague, key: string): Promise<Case> {
    const row = await this.mustGetCase(caseId);
    if (row.status !== 'open') throw new PolicyError(`${row.reference} is ${row.status}: there is nothing to assign`);
    if (!by.lead && row.assignee && row.assignee !== by.actor) {
      throw new PolicyError(
        `${row.reference} is held by someone else: only they or a team lead may give it to another colleague`,
      );
    }
    if (row.assignee === to.actor) throw new PolicyError(`${row.reference} is already theirs`);
    return this.assignTo(row, to, by.actor, 'assigned', key);
  }

  private async assignTo(
    row: Case,
    to: Colleague,
    by: string,
    change: 'claimed' | 'assigned',
    key: string,
  ): Promise<Case> {
    const patch: Parameters<StaffStore['updateCase']>[1] = { assignee: to.actor };
    if (row.kind === 'formal_complaint' && row.stage === 'stage1' && !row.stage1_handler)
      patch.stage1_handler = to.actor;
    if (row.stage === 'stage2') {
      this.assertNotStage1Handler(row, to.actor, 'take', by === to.actor ? undefined : (to.firstName ?? to.actor));
      if (!row.stage2_handler) patch.stage2_handler = to.actor;
    }
    const updated = await this.deps.store.updateCase(row.id, patch, by, change, {
      from: row.assignee,
      to: to.actor,
      by,
    });
    if (row.conversation_id) {
      const conversation = await this.deps.store.getConversation(row.conversation_id);
      // Only a conversation a person has (or is awaited in) changes hands; a finished chat stays with the assistant.
      if (conversation && conversation.handoff_state !== 'bot') await this.join(conversation, to, row.id, key);
    }
    await this.caseUpdated(row.id, change);
    return updated;
  }

  /** Take a live conversation that has no case (a handoff card). */
  async claimConversation(conversationId: string, colleague: Colleague, key: string): Promise<Conversation> {
    const conversation = await this.mustGetConversation(conversationId);
    await this.join(conversation, colleague, null, key);
    return { ...conversation, handoff_state: 'staff', assignee: colleague.actor };
  }

  /** The assistant answers the customer again (a colleague hands back). */
  async handBack(conversationId: string, actor: string, caseId?: string | null): Promise<void> {
    await this.mustGetConversation(conversationId);
    await this.deps.store.setHandoff(conversationId, 'bot', null);
    if (caseId) {
      await this.deps.store.appendEvent(caseId, actor, 'handed_back', { conversationId });
      await this.caseUpdated(caseId, 'handed_back');
    }
  }

  // ── talking to the customer ────────────────────────────────────────────────

  /**
   * A colleague's words to the customer, on the customer's own channel, through the
   * outbound queue (so in order with everything else said). Only from the colleague who
   * holds the case (or the live conversation) or a team lead; on a case nobody holds, the
   * sender becomes its holder. The first time a colleague writes in a conversation the
   * customer is told who they are talking to. `key` identifies the act (a retried delivery
   * of it is said once).
   */
  async replyToCustomer(input: {
    conversationId: string;
    caseId: string | null;
    colleague: Colleague;
    text: string;
    key: string;
  }): Promise<Message> {
    const plan = await this.planReply(input);
    const { conversation, colleague } = plan;
    let row = plan.row;
    if (row && !row.assignee) {
      row = await this.claimCase(row.id, colleague, input.key);
    } else if (!row && !conversation.assignee) {
      await this.join(conversation, colleague, null, input.key);
    }
    const fresh = await this.mustGetConversation(conversation.id);
    const holder = row?.assignee ?? fresh.assignee;
    // A team lead writing on someone else's case speaks for them; the conversation stays with its holder.
    if (holder === colleague.actor) await this.join(fresh, colleague, row?.id ?? null, input.key);
    else if (fresh.handoff_state !== 'staff')
      await this.deps.store.setHandoff(fresh.id, 'staff', holder ?? colleague.actor);
    return this.deps.outbox.say(conversation.id, {
      id: stableUuid('staff-reply', input.key),
      text: input.text.trim(),
      author: colleague.actor,
      caseId: row?.id ?? null,
    });
  }

  /** What replyToCustomer would send, in order (who they are talking to, then the words); refuses as it would. */
  async previewReply(input: {
    conversationId: string;
    caseId: string | null;
    colleague: Colleague;
    text: string;
  }): Promise<CustomerPreview> {
    const { conversation, row, colleague, customer } = await this.planReply(input);
    const lang = this.languageOf(customer, conversation);
    const holder = row ? row.assignee : conversation.assignee;
    const becomesHolder = !holder || holder === colleague.actor;
    const joins =
      becomesHolder && (conversation.handoff_state !== 'staff' || conversation.assignee !== colleague.actor);
    const messages = [...(joins ? [this.introText(lang, conversation, colleague)] : []), input.text.trim()];
    return { messages, letter: null, notSent: null, lang, channelId: conversation.channel_id, claims: !holder };
  }

  private async planReply(input: {
    conversationId: string;
    caseId: string | null;
    colleague: Colleague;
    text: string;
  }) {
    const conversation = await this.mustGetConversation(input.conversationId);
    if (capabilitiesOf(conversation.channel_id).isPublic) {
      throw new PolicyError(
        'this customer wrote in a public comment: a reply here would be public, so contact them privately instead',
      );
    }
    if (input.text.trim() === '') throw new PolicyError('an empty reply was not sent');
    const row = input.caseId ? await this.mustGetCase(input.caseId) : undefined;
    const holder = row ? row.assignee : conversation.assignee;
    if (holder && holder !== input.colleague.actor && !input.colleague.lead) {
      throw new PolicyError(
        `${row?.reference ?? 'this conversation'} is held by a colleague: only they or a team lead may write to the customer (add a note in the thread instead)`,
      );
    }
    // Code 2024 6.13: whoever holds it, the stage 1 handler never writes about stage 2 (a lead included).
    if (row?.stage === 'stage2') this.assertNotStage1Handler(row, input.colleague.actor, 'write to the customer about');
    if (row && (await this.deps.store.withheldFromRepresentative(conversation.id, row.id)))
      throw new PolicyError(
        `${row.reference}: this conversation is the representative's, and the customer has not agreed to us dealing with them (or withdrew it); nothing about the case may be sent to them`,
      );
    const customer = row?.customer_id
      ? await this.deps.store.getCustomer(row.customer_id)
      : await this.deps.store.findCustomerForConversation(conversation.id);
    return { conversation, row, colleague: input.colleague, customer };
  }

  /**
   * A colleague is now who the customer talks to: the conversation is theirs and, unless
   * they already had it, the customer is told their first name and team (seed 002: "we
   * will let you know who you are speaking to"; seed 001: staff give their names).
   */
  private async join(
    conversation: Conversation,
    colleague: Colleague,
    caseId: string | null,
    key: string,
  ): Promise<void> {
    if (conversation.handoff_state === 'staff' && conversation.assignee === colleague.actor) return;
    await this.deps.store.setHandoff(conversation.id, 'staff', colleague.actor);
    if (capabilitiesOf(conversation.channel_id).isPublic) return;
    const customer = await this.deps.store.findCustomerForConversation(conversation.id);
    const lang = this.languageOf(customer, conversation);
    await this.deps.outbox.say(conversation.id, {
      id: stableUuid(conversation.id, 'joined', colleague.actor, key),
      text: this.introText(lang, conversation, colleague),
      author: 'bot',
      caseId,
      locale: lang,
    });
  }

  /** "You're now talking to Sam from our complaints team…", in the customer's language. */
  introText(
    lang: string,
    conversation: Pick<Conversation, 'channel_id'>,
    colleague: Pick<Colleague, 'firstName' | 'team'>,
  ): string {
    const t = this.deps.translator;
    const team = t.t(lang, `staff:joined.teams.${colleague.team}`);
    const context = this.contextOf(conversation);
    return colleague.firstName
      ? t.t(lang, 'staff:joined.intro', { name: colleague.firstName, team, context })
      : t.t(lang, 'staff:joined.introNoName', { team, context });
  }

  /** What the customer would be told if this colleague took their conversation now; null when they would be told nothing. */
  async previewJoin(caseId: string, colleague: Colleague): Promise<CustomerPreview> {
    const row = await this.mustGetCase(caseId);
    const conversation = row.conversation_id ? await this.deps.store.getConversation(row.conversation_id) : undefined;
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const lang = conversation ? this.languageOf(customer, conversation) : (customer?.preferred_language ?? 'en');
    const joins =
      conversation &&
      conversation.handoff_state !== 'bot' &&
      conversation.assignee !== colleague.actor &&
      !capabilitiesOf(conversation.channel_id).isPublic;
    return {
      messages: joins ? [this.introText(lang, conversation, colleague)] : [],
      letter: null,
      notSent: joins ? null : 'The customer is not waiting in a live conversation, so nothing is sent.',
      lang,
      channelId: conversation?.channel_id ?? null,
      claims: !row.assignee,
    };
  }

  /**
   * An internal note on the case: never sent to the customer. `key` identifies the note
   * (Slack's channel and ts), so a retried delivery of it is kept once.
   */
  async addNote(caseId: string, actor: string, text: string, key: string): Promise<boolean> {
    await this.mustGetCase(caseId);
    return this.deps.store.appendEventOnce(caseId, `staff-note:${key}`, actor, 'staff_note', { note: text });
  }

  /**
   * Nobody took a live handoff in time: tell the customer what to expect. An emergency is
   * promised nothing beyond its make-safe clock (seed 001: made safe in 24 hours), never the
   * standard date for messages; a welfare concern is promised no date, only 999. Anyone
   * else is told the pack's standard for messages (seeds 001/002: one working day). Nothing
   * is said once someone has it. Returns what was said, or null.
   */
  async tellUnclaimed(input: {
    conversationId: string;
    caseId: string | null;
    reason?: string;
    key: string;
  }): Promise<UnclaimedNotice | null> {
    const conversation = await this.deps.store.getConversation(input.conversationId);
    if (!conversation || conversation.handoff_state !== 'queued' || conversation.assignee) return null;
    const named = input.caseId ? await this.deps.store.getCase(input.caseId) : undefined;
    if (named?.assignee) return null;
    if (capabilitiesOf(conversation.channel_id).isPublic) return null;
    const customer = await this.deps.store.findCustomerForConversation(conversation.id);
    const lang = this.languageOf(customer, conversation);
    const t = this.deps.translator;
    const vars = { ...this.deps.landlord, context: this.contextOf(conversation) };
    const emergency =
      named && isEmergencyCase(named)
        ? named
        : (await this.deps.store.listCasesForConversation(conversation.id, true)).find((c) => isEmergencyCase(c));

    let notice: UnclaimedNotice;
    let text: string;
    if (emergency) {
      const clock = (await this.deps.store.listClocks(emergency.id)).find(
        (c) => c.name === 'emergency_make_safe' && c.status === 'running',
      );
      const by = clock && new Date(clock.due_at).getTime() > this.now().getTime() ? new Date(clock.due_at) : null;
      notice = { told: 'emergency', by, reference: emergency.reference };
      text = by
        ? t.t(lang, 'staff:unclaimed.emergency', {
            ...vars,
            reference: emergency.reference,
            time: formatLondonDateTime(by, lang),
          })
        : t.t(lang, 'staff:unclaimed.emergencyLate', { ...vars, reference: emergency.reference });
    } else if (input.reason === 'emergency' || input.reason === 'safeguarding') {
      notice = { told: 'urgent' };
      text = t.t(lang, 'staff:unclaimed.urgent', vars);
    } else {
      const policy = this.deps.cases.policyFor(customer?.uk_division ?? 'england-and-wales');
      const due = serviceStandardDue({ standard: 'phone_message', receivedAt: this.now(), ...policy }).dueAt;
      notice = { told: 'standard', by: due };
      text = t.t(lang, 'staff:unclaimed.expectContact', { ...vars, date: t.formatDate(due, lang) });
    }
    await this.deps.outbox.say(conversation.id, {
      id: stableUuid(conversation.id, 'unclaimed', input.key),
      text,
      author: 'bot',
      caseId: emergency?.id ?? input.caseId,
      locale: lang,
    });
    return notice;
  }

  // ── changing the case ──────────────────────────────────────────────────────

  /** Reclassify with a reason; the CaseService works the clocks out again from receipt. */
  async reclassify(caseId: string, kind: ReclassifiableKind, actor: string, reason: string): Promise<Case> {
    const row = await this.mustGetCase(caseId);
    if (reason.trim() === '') throw new PolicyError('a reason is required to reclassify a case');
    if (row.status !== 'open')
      throw new PolicyError(`${row.reference} is ${row.status}: reopen it before reclassifying`);
    if (row.kind === kind) throw new PolicyError(`${row.reference} is already a ${kind.replace(/_/g, ' ')}`);
    const updated = await this.deps.cases.reclassify(caseId, kind, actor, reason.trim());
    await this.caseUpdated(caseId, 'reclassified');
    return updated;
  }

  /**
   * Extend a response clock. The CaseService refuses anything beyond the pack's cap
   * (ExtensionRefusedError) and tells the customer the reason, the new date and the
   * Ombudsman's details when it grants one.
   */
  async extend(
    caseId: string,
    clock: ExtendableClock,
    newDate: Date,
    reason: string,
    colleague: Colleague,
    key: string,
  ): Promise<ExtensionGranted> {
    const row = await this.mustWrite(caseId, colleague, 'extend');
    if (!row.assignee) await this.claimCase(caseId, colleague, key);
    const granted = await this.deps.cases.extendClock(caseId, clock, newDate, reason, colleague.actor);
    await this.caseUpdated(caseId, 'extended');
    return granted;
  }

  /** What extend would tell the customer, and the extension letter as it would go; refuses as extend would. */
  async previewExtend(
    caseId: string,
    clock: ExtendableClock,
    newDate: Date,
    reason: string,
    colleague: Colleague,
  ): Promise<CustomerPreview & { granted: ExtensionGranted }> {
    const row = await this.mustWrite(caseId, colleague, 'extend');
    const preview = await this.deps.cases.previewExtension(caseId, clock, newDate, reason);
    const letter = await this.deps.cases.documents?.previewCaseLetter(caseId, 'extension_notice', {
      extension: preview.extension,
    });
    return {
      ...(await this.previewFrame(row)),
      granted: preview.granted,
      messages: preview.message ? [preview.message.text] : [],
      letter: letter ?? null,
      claims: !row.assignee,
    };
  }

  /**
   * Resolve with the response every complaint needs (docs/rules/responses.md#response-contents). The customer gets
   * it on their channel, in their language, with how to escalate; the assistant takes the
   * conversation back so a reply of "stage 2" reaches the stage 2 dialog.
   */
  async resolve(
    caseId: string,
    colleague: Colleague,
    response: StaffResponse,
    key: string,
  ): Promise<{ case: Case; told: Message | null }> {
    const row = await this.mustWrite(caseId, colleague, 'resolve');
    const actor = colleague.actor;
    this.assertResponse(row, response);
    if (!row.assignee) await this.claimCase(caseId, colleague, key);
    const handler: Parameters<StaffStore['updateCase']>[1] = {};
    if (row.kind === 'formal_complaint' && row.stage === 'stage1' && !row.stage1_handler)
      handler.stage1_handler = actor;
    if (row.stage === 'stage2' && !row.stage2_handler) handler.stage2_handler = actor;
    if (Object.keys(handler).length > 0) await this.deps.store.updateCase(caseId, handler, actor, 'handler_recorded');
    const resolved = await this.deps.cases.resolveCase(caseId, actor, {
      ...response,
      stage: row.stage,
      respondedBy: actor,
    });

    const delivery = this.deps.cases.delivery;
    if (delivery) {
      // By the customer's contact method (docs/rules/delivery.md#by-contact-method); the response letter goes with it.
      const texts = await this.responseTexts(row, response);
      const outcome = await delivery.deliver({
        caseId,
        key: `response:${caseId}:${row.stage}`,
        author: actor,
        chatId: stableUuid(caseId, 'response', row.stage),
        immediate: true,
        inLetter: true,
        text: (lang) => texts(lang),
      });
      const conversation = row.conversation_id ? await this.deps.store.getConversation(row.conversation_id) : undefined;
      if (conversation && conversation.handoff_state !== 'bot')
        await this.deps.store.setHandoff(conversation.id, 'bot', null);
      return { case: resolved, told: outcome.message };
    }
    const composed = await this.responseFor(row, response);
    if (!composed) return { case: resolved, told: null };
    const told = await this.deps.outbox.say(composed.conversation.id, {
      id: stableUuid(caseId, 'response', row.stage),
      text: composed.text,
      author: actor,
      caseId,
      locale: composed.lang,
    });
    if (composed.conversation.handoff_state !== 'bot')
      await this.deps.store.setHandoff(composed.conversation.id, 'bot', null);
    return { case: resolved, told };
  }

  /** The response and its letter exactly as resolve would send them; refuses as resolve would. */
  async previewResolve(caseId: string, colleague: Colleague, response: StaffResponse): Promise<CustomerPreview> {
    const row = await this.mustWrite(caseId, colleague, 'resolve');
    this.assertResponse(row, response);
    const composed = await this.responseFor(row, response);
    const documents = this.deps.cases.documents;
    let letter: DocumentLink | null = null;
    if (documents && row.kind === 'first_time_fix') {
      letter = await documents.previewCaseLetter(caseId, 'ftf_confirmation', {
        fix: { remedy: response.remedy.trim(), outstanding: response.outstanding.trim() },
      });
    } else if (documents && row.kind === 'formal_complaint' && (row.stage === 'stage1' || row.stage === 'stage2')) {
      letter = await documents.previewCaseLetter(
        caseId,
        row.stage === 'stage2' ? 'stage2_response' : 'stage1_response',
        { response: this.trimmed(response) },
      );
    }
    const frame = await this.previewFrame(row);
    // The letter is made even where it cannot be announced (no private channel): staff send it another way.
    return { ...frame, messages: composed ? [composed.text] : [], letter, claims: !row.assignee };
  }

  /**
   * A colleague takes the complaint to stage 2 and handles it. Only someone other than
   * the stage 1 handler may (Code 2024 6.13; seed 004); the customer is told the dates.
   */
  async takeStage2(caseId: string, colleague: Colleague): Promise<Case> {
    const actor = colleague.actor;
    const row = await this.mustGetCase(caseId);
    if (row.stage !== 'stage1') throw new PolicyError(`${row.reference} is not at stage 1`);
    this.assertNotStage1Handler(row, actor, 'take');
    const escalation = await this.deps.cases.escalateToStage2(caseId, { actor });
    const updated = await this.deps.store.updateCase(
      caseId,
      { stage2_handler: actor, assignee: actor },
      actor,
      'stage2_taken',
      {
        stage1Handler: row.stage1_handler ?? row.assignee,
      },
    );
    await this.caseUpdated(caseId, 'stage2_taken');
    const ack = escalation.clocks.find((c) => c.name === 'stage2_ack');
    const response = escalation.clocks.find((c) => c.name === 'stage2_response');
    const delivery = this.deps.cases.delivery;
    const message =
      ack && response && !delivery
        ? await this.stage2Message(row, new Date(ack.due_at), new Date(response.due_at))
        : null;
    if (delivery && ack && response) {
      // By the customer's contact method; the stage 2 acknowledgement letter says the same (docs/rules/delivery.md#by-contact-method).
      const t = this.deps.translator;
      await delivery.deliver({
        caseId,
        key: `stage2-taken:${caseId}`,
        author: 'bot',
        chatId: stableUuid(caseId, 'stage2-taken'),
        immediate: true,
        inLetter: true,
        text: (lang) =>
          t.t(lang, 'stage2.done', {
            reference: row.reference,
            ackDate: t.formatDate(new Date(ack.due_at), lang),
            responseDate: t.formatDate(new Date(response.due_at), lang),
          }),
      });
    } else if (message) {
      await this.deps.outbox.say(message.conversationId, {
        id: stableUuid(caseId, 'stage2-taken'),
        text: message.text,
        author: 'bot',
        caseId,
        locale: message.lang,
      });
    }
    return updated;
  }

  /** What takeStage2 would tell the customer, and the stage 2 acknowledgement letter as it would go; refuses as it would. */
  async previewStage2(caseId: string, colleague: Colleague): Promise<CustomerPreview> {
    const row = await this.mustGetCase(caseId);
    if (row.stage !== 'stage1') throw new PolicyError(`${row.reference} is not at stage 1`);
    this.assertNotStage1Handler(row, colleague.actor, 'take');
    if (!(await this.deps.cases.stage1RespondedAt(row)))
      throw new PolicyError(`${row.reference} has no stage 1 response yet`);
    const clocks = await this.deps.cases.previewStage2Clocks(caseId);
    const ack = clocks.find((c) => c.name === 'stage2_ack');
    const response = clocks.find((c) => c.name === 'stage2_response');
    const message = ack && response ? await this.stage2Message(row, ack.dueAt, response.dueAt) : null;
    // No letter yet: the stage 2 acknowledgement letter goes when it is acknowledged (src/cases/steps.ts).
    return {
      ...(await this.previewFrame(row)),
      messages: message ? [message.text] : [],
      letter: null,
      claims: false,
    };
  }

  /**
   * Close without a response where that is allowed, audited with why: the customer withdrew
   * it, it duplicates another case (the two are linked both ways), or it needs no response
   * because it is not a complaint stage (an enquiry, a fix under the Code, an emergency made
   * safe; Code 2024 5.2, 5.3 and 6: each complaint stage is answered in writing). Nothing is
   * sent to the customer.
   */
  async close(
    caseId: string,
    colleague: Colleague,
    input: { as: CloseReason; reason: string; duplicateOf?: string | null },
  ): Promise<Case> {
    const row = await this.mustWrite(caseId, colleague, 'close');
    if (row.status !== 'open') throw new PolicyError(`${row.reference} is already ${row.status}`);
    const reason = input.reason.trim();
    if (reason === '') throw new PolicyError('say why it is closed: it is recorded on the case');
    if (input.as === 'no_response' && needsResponse(row)) {
      throw new PolicyError(
        `${row.reference} is a complaint at ${row.stage.replace('_', ' ')}: it must be answered in writing (Resolve), or closed as withdrawn or a duplicate`,
      );
    }
    let original: Case | undefined;
    if (input.as === 'duplicate') {
      const reference = (input.duplicateOf ?? '').trim();
      original = reference ? await this.deps.store.getCaseByReference(reference) : undefined;
      if (!original) throw new PolicyError(`no case ${reference || '(none given)'} to link it to`);
      if (original.id === row.id) throw new PolicyError('a case cannot duplicate itself');
      const theirs = original.resolution?.duplicateOf;
      if (
        original.status !== 'open' &&
        typeof theirs === 'object' &&
        theirs !== null &&
        (theirs as { id?: unknown }).id === row.id
      ) {
        throw new PolicyError(`${original.reference} was closed as a duplicate of this one`);
      }
    }
    const duplicateOf = original ? { id: original.id, reference: original.reference } : null;
    const closed = await this.deps.cases.closeCase(
      caseId,
      colleague.actor,
      { closedAs: input.as, reason, ...(duplicateOf ? { duplicateOf } : {}) },
      {
        status: input.as === 'withdrawn' ? 'withdrawn' : 'closed',
        data: { as: input.as, reason, ...(duplicateOf ? { duplicateOf } : {}) },
      },
    );
    if (original) {
      await this.deps.store.appendEvent(original.id, colleague.actor, 'duplicate_linked', {
        duplicate: { id: row.id, reference: row.reference },
        reason,
      });
      await this.caseUpdated(original.id, 'duplicate_linked');
    }
    await this.caseUpdated(caseId, 'closed');
    return closed;
  }

  /**
   * A live conversation becomes a case, with the conversation attached: the customer's
   * messages not yet on a case, received from the first of them (the clocks run from
   * receipt). The customer is told the reference and what happens next, as the assistant
   * would; a formal complaint gets its acknowledgement letter too.
   */
  async makeCase(conversationId: string, colleague: Colleague, input: MakeCaseInput, key: string): Promise<Case> {
    const plan = await this.planMakeCase(conversationId, colleague, input);
    const notices = new TurnNotices(conversationId);
    const opened = await notices.run(() =>
      this.deps.cases.openCase({
        kind: input.kind,
        ...(input.kind === 'emergency' ? { priority: 'emergency' as const } : {}),
        customerId: plan.customer?.id ?? null,
        conversationId,
        channelId: plan.conversation.channel_id,
        customerWords: input.customerWords.trim(),
        desiredOutcome: input.desiredOutcome?.trim() || null,
        messageIds: plan.messageIds,
        receivedAt: plan.receivedAt,
        classification: { reasons: [`made from a live chat by a colleague`], madeBy: colleague.actor },
        consents:
          input.kind === 'formal_complaint'
            ? [{ kind: 'record_as_complaint', granted: true, details: { confirmedBy: colleague.actor } }]
            : [],
        actor: colleague.actor,
        originMessageId: stableUuid('case-from-chat', key),
      }),
    );
    const row = opened.case;
    if (!opened.replayed) {
      await this.deps.store.appendEvent(row.id, colleague.actor, 'made_from_conversation', {
        conversationId,
        messages: plan.messageIds.length,
      });
      await this.deps.store.updateCase(
        row.id,
        { assignee: colleague.actor, ...(row.kind === 'formal_complaint' ? { stage1_handler: colleague.actor } : {}) },
        colleague.actor,
        'claimed',
        {
          from: null,
          to: colleague.actor,
        },
      );
    }
    // A customer still waiting for a person hears who has them first.
    if (plan.conversation.handoff_state === 'queued') await this.join(plan.conversation, colleague, row.id, key);
    const text = await this.caseOpenedText(row, plan.lang, plan.conversation, plan.customer?.id ?? null);
    if (text && !capabilitiesOf(plan.conversation.channel_id).isPublic) {
      await this.deps.outbox.say(conversationId, {
        id: stableUuid(row.id, 'made-from-chat'),
        text,
        author: 'bot',
        caseId: row.id,
        locale: plan.lang,
      });
    }
    // The acknowledgement letter's link follows the reference, as it does when the assistant opens a case.
    await notices.release();
    await this.deps.queues.add(
      'handoff',
      { type: 'handoff_requested', conversationId, caseId: row.id, reason: 'made_from_conversation' },
      { id: jobId('made-case', row.id) },
    );
    return row;
  }

  /** What makeCase would tell the customer; the letter is named, since the case does not exist yet. */
  async previewMakeCase(
    conversationId: string,
    colleague: Colleague,
    input: MakeCaseInput,
  ): Promise<CustomerPreview & { receivedAt: Date; messages: string[]; attached: number }> {
    const plan = await this.planMakeCase(conversationId, colleague, input);
    const stand: Case = {
      ...placeholderCase,
      kind: input.kind,
      stage:
        input.kind === 'formal_complaint'
          ? 'stage1'
          : input.kind === 'first_time_fix' && this.deps.cases.pack.complaints.firstTimeFix.mode === 'informal_stage'
            ? 'first_time_fix'
            : 'none',
      reference: '(the new reference)',
      received_at: plan.receivedAt,
    };
    const text = await this.caseOpenedText(stand, plan.lang, plan.conversation, plan.customer?.id ?? null);
    const isPublic = capabilitiesOf(plan.conversation.channel_id).isPublic;
    const intro =
      plan.conversation.handoff_state === 'queued' ? [this.introText(plan.lang, plan.conversation, colleague)] : [];
    return {
      messages: text && !isPublic ? [...intro, text] : [],
      letter: null,
      notSent: isPublic ? 'This customer wrote in public: nothing is sent; contact them privately.' : null,
      lang: plan.lang,
      channelId: plan.conversation.channel_id,
      claims: true,
      receivedAt: plan.receivedAt,
      attached: plan.messageIds.length,
    };
  }

  private async planMakeCase(conversationId: string, colleague: Colleague, input: MakeCaseInput) {
    const conversation = await this.mustGetConversation(conversationId);
    if (conversation.assignee && conversation.assignee !== colleague.actor && !colleague.lead) {
      throw new PolicyError('a colleague has this conversation: only they or a team lead may make it a case');
    }
    if (input.customerWords.trim() === '') throw new PolicyError("give the customer's words for the case");
    if (input.kind === 'formal_complaint' && input.customerAgreedToComplaint !== true) {
      throw new PolicyError(
        'a formal complaint needs the customer to agree to it being recorded as one (Code 2024 1.3): ask them first',
      );
    }
    const messages = await this.deps.store.listMessages(conversationId);
    const loose = messages.filter((m) => m.direction === 'inbound' && m.case_id === null);
    const receivedAt = loose[0] ? new Date(loose[0].created_at) : this.now();
    const customer = await this.deps.store.findCustomerForConversation(conversationId);
    return {
      conversation,
      customer,
      messageIds: loose.map((m) => m.id),
      receivedAt,
      lang: this.languageOf(customer, conversation),
    };
  }

  /** "We've logged your complaint. Your reference is … What happens next: …", as the assistant says it. */
  private async caseOpenedText(
    row: Case,
    lang: string,
    conversation: Conversation,
    customerId: string | null,
  ): Promise<string | null> {
    const t = this.deps.translator;
    const context = this.contextOf(conversation);
    const logged = t.t(lang, 'staff:caseOpened.logged', {
      what: t.t(lang, `confirm.kind.${row.kind}`),
      reference: row.reference,
      context,
    });
    const clocks =
      row.id === placeholderCase.id
        ? await this.deps.cases.previewNewCaseClocks(row.kind, row.received_at, customerId)
        : (await this.deps.store.listClocks(row.id)).map((c) => ({ name: c.name, dueAt: new Date(c.due_at) }));
    const due = (name: string) => clocks.find((c) => c.name === name)?.dueAt;
    let next: string | null = null;
    if (row.kind === 'emergency') {
      const by = due('emergency_make_safe');
      next = by
        ? t.t(lang, 'staff:caseOpened.makeSafe', {
            ...this.deps.landlord,
            time: formatLondonDateTime(by, lang),
            context,
          })
        : null;
    } else if (row.kind === 'formal_complaint') {
      const ack = due('stage1_ack');
      const response = due('stage1_response');
      next =
        ack && response
          ? t.t(lang, 'confirm.next.formal', {
              ackDate: t.formatDate(ack, lang),
              responseDate: t.formatDate(response, lang),
            })
          : null;
    } else if (row.kind === 'first_time_fix') {
      const by = due('ftf_resolve');
      const mode = this.deps.cases.pack.complaints.firstTimeFix.mode === 'informal_stage' ? 'informal' : 'fix';
      next = by ? t.t(lang, `confirm.next.${mode}`, { date: t.formatDate(by, lang) }) : null;
    } else {
      const customer = await this.deps.store.findCustomerForConversation(conversation.id);
      const policy = this.deps.cases.policyFor(customer?.uk_division ?? 'england-and-wales');
      // seeds 001/002: messages answered within one working day.
      const by = serviceStandardDue({ standard: 'phone_message', receivedAt: this.now(), ...policy }).dueAt;
      next = t.t(lang, 'confirm.next.enquiry', { date: t.formatDate(by, lang) });
    }
    return [logged, next].filter((p): p is string => p !== null).join('\n');
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  /** Refuse a colleague who may not write to this customer (someone else holds the case and they are not a lead). */
  private async mustWrite(caseId: string, colleague: Colleague, what: string): Promise<Case> {
    const row = await this.mustGetCase(caseId);
    if (row.assignee && row.assignee !== colleague.actor && !colleague.lead) {
      throw new PolicyError(`${row.reference} is held by a colleague: only they or a team lead may do this`);
    }
    // Code 2024 6.13 on every stage 2 action, held or not, lead or not.
    if (row.stage === 'stage2') this.assertNotStage1Handler(row, colleague.actor, what);
    return row;
  }

  private assertResponse(row: Case, response: StaffResponse): void {
    if (row.status !== 'open') throw new PolicyError(`${row.reference} is already ${row.status}`);
    for (const [field, value] of Object.entries(response)) {
      if (value.trim() === '') throw new PolicyError(`the response needs ${field}`);
    }
  }

  private trimmed(response: StaffResponse): StaffResponse {
    return {
      ...response,
      reasons: response.reasons.trim(),
      remedy: response.remedy.trim(),
      outstanding: response.outstanding.trim(),
      changes: response.changes.trim(),
    };
  }

  /** The response text for a case on its private channel; null when there is none to send it on. */
  private async responseFor(
    row: Case,
    response: StaffResponse,
  ): Promise<{ conversation: Conversation; text: string; lang: string } | null> {
    const conversation = await this.caseConversation(row);
    if (!conversation || capabilitiesOf(conversation.channel_id).isPublic) return null;
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const lang = this.languageOf(customer, conversation);
    return { conversation, text: (await this.responseTexts(row, response))(lang), lang };
  }

  /** The response in a language, naming the ombudsman of the customer's nation (docs/rules/nations.md#which-ombudsman). */
  private async responseTexts(row: Case, response: StaffResponse): Promise<(lang: string) => string> {
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const nation = ombudsmanNation(customer);
    const body = ombudsmanFor(this.deps.cases.pack, nation);
    return (lang) =>
      composeResponse(this.deps.translator, {
        lang,
        reference: row.reference,
        kind: row.kind,
        stage: row.stage,
        response,
        format: customer?.preferred_format ?? 'standard',
        ombudsman: body,
        ombudsmanName: this.deps.translator.t(lang, `nations:ombudsman.${nation}`),
      });
  }

  private async stage2Message(
    row: Case,
    ackDate: Date,
    responseDate: Date,
  ): Promise<{ conversationId: string; text: string; lang: string } | null> {
    const conversation = await this.caseConversation(row);
    if (!conversation || capabilitiesOf(conversation.channel_id).isPublic) return null;
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const lang = this.languageOf(customer, conversation);
    const t = this.deps.translator;
    return {
      conversationId: conversation.id,
      lang,
      text: t.t(lang, 'stage2.done', {
        reference: row.reference,
        ackDate: t.formatDate(ackDate, lang),
        responseDate: t.formatDate(responseDate, lang),
      }),
    };
  }

  /** Where and in which language a case's customer would read a preview, and why nothing would be sent. */
  private async previewFrame(row: Case): Promise<CustomerPreview> {
    const conversation = row.conversation_id ? await this.deps.store.getConversation(row.conversation_id) : undefined;
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const lang = conversation ? this.languageOf(customer, conversation) : (customer?.preferred_language ?? 'en');
    const notSent = !conversation
      ? 'This case has no conversation to send it on: contact the customer another way.'
      : capabilitiesOf(conversation.channel_id).isPublic
        ? 'This customer wrote in public: nothing is sent there; contact them privately.'
        : null;
    return { messages: [], letter: null, notSent, lang, channelId: conversation?.channel_id ?? null, claims: false };
  }

  /** Where a case's news goes: never to a representative the customer has not agreed to (src/cases/parties.ts). */
  private async caseConversation(row: Case): Promise<Conversation | undefined> {
    const conversationId = await this.deps.store.caseConversationFor(row);
    return conversationId ? this.deps.store.getConversation(conversationId) : undefined;
  }

  private assertNotStage1Handler(row: Case, actor: string, what: string, other?: string): void {
    assertStage2Independent(this.deps.cases.pack, row, actor, what, other);
  }

  private languageOf(customer: Customer | undefined, conversation: Conversation): string {
    return customer?.preferred_language ?? conversation.locale ?? 'en';
  }

  /** The channel's wording variant (`_sms`, `_whatsapp`): short, in the channel's own terms. */
  private contextOf(conversation: Pick<Conversation, 'channel_id'>): string | undefined {
    return capabilitiesOf(conversation.channel_id).wording;
  }

  private async caseUpdated(caseId: string, change: string): Promise<void> {
    // Each colleague's change is its own event: a fresh id, so two quick changes both show.
    await this.deps.queues.add(
      'handoff',
      { type: 'case_updated', caseId, change },
      { id: jobId('case-updated', caseId, change, randomUUID()) },
    );
  }

  private async mustGetCase(caseId: string): Promise<Case> {
    const row = await this.deps.store.getCase(caseId);
    if (!row) throw new NotFoundError(`no case ${caseId}`);
    return row;
  }

  private async mustGetConversation(conversationId: string): Promise<Conversation> {
    const conversation = await this.deps.store.getConversation(conversationId);
    if (!conversation) throw new NotFoundError(`no conversation ${conversationId}`);
    return conversation;
  }
}

/** A case that does not exist yet, for wording a preview (its reference and clocks are filled in). */
const placeholderCase: Case = {
  id: '00000000-0000-5000-8000-000000000000',
  reference: '',
  kind: 'enquiry',
  stage: 'none',
  status: 'open',
  priority: 'normal',
  category: null,
  team: null,
  assignee: null,
  stage1_handler: null,
  stage2_handler: null,
  flags: [],
  policy_pack: '',
  customer_id: null,
  conversation_id: null,
  channel_id: 'sms',
  customer_words: '',
  desired_outcome: null,
  started_when: null,
  representative: null,
  classification: null,
  complaint_offered: false,
  complaint_offer_choice: null,
  received_at: new Date(0),
  acknowledged_at: null,
  resolved_at: null,
  closed_at: null,
  resolution: null,
  refusal_reason: null,
  created_at: new Date(0),
  updated_at: new Date(0),
};
