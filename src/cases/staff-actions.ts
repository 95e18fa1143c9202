import { randomUUID } from 'node:crypto';
import { channelCapabilities } from '../channel.js';
import type { CaseStore } from '../db/case-store.js';
import type { Case, CaseKind, Conversation, Customer, Message, PreferredFormat } from '../db/rows.js';
import { NotFoundError, PolicyError } from '../errors.js';
import type { Translator } from '../i18n.js';
import { stableUuid } from '../ids.js';
import type { Outbox } from '../outbox.js';
import { serviceStandardDue, type ClockName, type EscalationBody, type ExtensionGranted } from '../policy/index.js';
import { jobId } from '../queues/definitions.js';
import type { CaseService } from './case-service.js';
import type { JobSink } from './sla-jobs.js';

/**
 * What colleagues do to a case or a handed-off conversation, whatever tool they use
 * (Slack today). Actors are `staff:<id>` strings. Every change is audited through the
 * store or the CaseService, and each one that changes a case queues a `case_updated`
 * handoff job so every card of the case shows it.
 */

export const responseOutcomes = ['upheld', 'partly_upheld', 'not_upheld', 'resolved'] as const;
export type ResponseOutcome = (typeof responseOutcomes)[number];

/** What every complaint response tells the customer (domain-rules §3, seed 004). */
export interface StaffResponse {
  outcome: ResponseOutcome;
  reasons: string;
  remedy: string;
  outstanding: string;
  changes: string;
}

/** Kinds a colleague may reclassify a case as; an emergency is the triage's call, not a relabel. */
export const reclassifiableKinds = ['enquiry', 'first_time_fix', 'formal_complaint'] as const satisfies readonly CaseKind[];
export type ReclassifiableKind = (typeof reclassifiableKinds)[number];

/** The clocks an extension may move: only response clocks have a cap in any pack. */
export const extendableClocks = ['stage1_response', 'stage2_response'] as const satisfies readonly ClockName[];
export type ExtendableClock = (typeof extendableClocks)[number];

export interface StaffActionsDeps {
  store: CaseStore;
  cases: CaseService;
  outbox: Pick<Outbox, 'say'>;
  queues: JobSink;
  translator: Translator;
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
}

/** The customer's response, in their language, with how to escalate (domain-rules §3). Pure, for tests. */
export function composeResponse(t: Translator, input: ComposeResponseInput): string {
  const { lang, response } = input;
  const isComplaint = input.kind === 'formal_complaint' && (input.stage === 'stage1' || input.stage === 'stage2');
  const stageNumber = input.stage === 'stage2' ? '2' : '1';
  const ombudsman = { ombudsmanPhone: input.ombudsman?.phone ?? '', ombudsmanWebsite: input.ombudsman?.website ?? '' };
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

export class StaffActions {
  private readonly now: () => Date;

  constructor(private readonly deps: StaffActionsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  // ── taking work ────────────────────────────────────────────────────────────

  /**
   * Assign a case. The first colleague on a stage 1 complaint is its stage 1 handler; at
   * stage 2 the handler must be someone else (Code 2024 6.13). A customer waiting for a
   * person gets this colleague.
   */
  async claimCase(caseId: string, actor: string): Promise<Case> {
    const row = await this.mustGetCase(caseId);
    const patch: Parameters<CaseStore['updateCase']>[1] = { assignee: actor };
    if (row.kind === 'formal_complaint' && row.stage === 'stage1' && !row.stage1_handler) patch.stage1_handler = actor;
    if (row.stage === 'stage2') {
      this.assertNotStage1Handler(row, actor);
      if (!row.stage2_handler) patch.stage2_handler = actor;
    }
    const updated = await this.deps.store.updateCase(caseId, patch, actor, 'claimed', { from: row.assignee, to: actor });
    if (row.conversation_id) {
      const conversation = await this.deps.store.getConversation(row.conversation_id);
      if (conversation?.handoff_state === 'queued') await this.deps.store.setHandoff(conversation.id, 'staff', actor);
    }
    await this.caseUpdated(caseId, 'claimed');
    return updated;
  }

  /** Take a live conversation that has no case (a handoff card). */
  async claimConversation(conversationId: string, actor: string): Promise<Conversation> {
    const conversation = await this.mustGetConversation(conversationId);
    await this.deps.store.setHandoff(conversationId, 'staff', actor);
    return { ...conversation, handoff_state: 'staff', assignee: actor };
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
   * outbound queue (so in order with everything else said). An unclaimed case is claimed
   * by whoever replies; while they have the conversation the assistant stays quiet.
   * `key` identifies the staff message (a retried delivery of it is said once).
   */
  async replyToCustomer(input: { conversationId: string; caseId: string | null; actor: string; text: string; key: string }): Promise<Message> {
    const conversation = await this.mustGetConversation(input.conversationId);
    if (channelCapabilities[conversation.channel_id].isPublic) {
      throw new PolicyError('this customer wrote in a public comment: a reply here would be public, so contact them privately instead');
    }
    if (input.text.trim() === '') throw new PolicyError('an empty reply was not sent');
    let holder = conversation.assignee ?? input.actor;
    if (input.caseId) {
      const row = await this.mustGetCase(input.caseId);
      holder = row.assignee ?? (await this.claimCase(row.id, input.actor)).assignee ?? input.actor;
    }
    if (conversation.handoff_state !== 'staff' || !conversation.assignee) await this.deps.store.setHandoff(conversation.id, 'staff', holder);
    return this.deps.outbox.say(conversation.id, {
      id: stableUuid('staff-reply', input.key),
      text: input.text,
      author: input.actor,
      caseId: input.caseId,
    });
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
   * Nobody took a live handoff in time: tell the customer when to expect contact, by the
   * pack's standard for messages (seeds 001/002: one working day). Nothing is said once
   * someone has it. Returns the date promised, or null when nothing was said.
   */
  async tellUnclaimed(input: { conversationId: string; caseId: string | null; key: string }): Promise<Date | null> {
    const conversation = await this.deps.store.getConversation(input.conversationId);
    if (!conversation || conversation.handoff_state !== 'queued' || conversation.assignee) return null;
    if (input.caseId && (await this.deps.store.getCase(input.caseId))?.assignee) return null;
    if (channelCapabilities[conversation.channel_id].isPublic) return null;
    const customer = await this.deps.store.findCustomerForConversation(conversation.id);
    const policy = this.deps.cases.policyFor(customer?.uk_division ?? 'england-and-wales');
    const due = serviceStandardDue({ standard: 'phone_message', receivedAt: this.now(), ...policy }).dueAt;
    const lang = this.languageOf(customer, conversation);
    const context = channelCapabilities[conversation.channel_id].wording;
    await this.deps.outbox.say(conversation.id, {
      id: stableUuid(conversation.id, 'unclaimed', input.key),
      text: this.deps.translator.t(lang, 'staff:unclaimed.expectContact', { date: this.deps.translator.formatDate(due, lang), context }),
      author: 'bot',
      caseId: input.caseId,
      locale: lang,
    });
    return due;
  }

  // ── changing the case ──────────────────────────────────────────────────────

  /** Reclassify with a reason; the CaseService works the clocks out again from receipt. */
  async reclassify(caseId: string, kind: ReclassifiableKind, actor: string, reason: string): Promise<Case> {
    const row = await this.mustGetCase(caseId);
    if (reason.trim() === '') throw new PolicyError('a reason is required to reclassify a case');
    if (row.status !== 'open') throw new PolicyError(`${row.reference} is ${row.status}: reopen it before reclassifying`);
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
  async extend(caseId: string, clock: ExtendableClock, newDate: Date, reason: string, actor: string): Promise<ExtensionGranted> {
    await this.mustGetCase(caseId);
    const granted = await this.deps.cases.extendClock(caseId, clock, newDate, reason, actor);
    await this.caseUpdated(caseId, 'extended');
    return granted;
  }

  /**
   * Resolve with the response every complaint needs (domain-rules §3). The customer gets
   * it on their channel, in their language, with how to escalate; the assistant takes the
   * conversation back so a reply of "stage 2" reaches the stage 2 dialog.
   */
  async resolve(caseId: string, actor: string, response: StaffResponse): Promise<{ case: Case; told: Message | null }> {
    const row = await this.mustGetCase(caseId);
    if (row.status !== 'open') throw new PolicyError(`${row.reference} is already ${row.status}`);
    for (const [field, value] of Object.entries(response)) {
      if (value.trim() === '') throw new PolicyError(`the response needs ${field}`);
    }
    const handler: Parameters<CaseStore['updateCase']>[1] = {};
    if (row.kind === 'formal_complaint' && row.stage === 'stage1' && !row.stage1_handler) handler.stage1_handler = actor;
    if (row.stage === 'stage2' && !row.stage2_handler) handler.stage2_handler = actor;
    if (Object.keys(handler).length > 0) await this.deps.store.updateCase(caseId, handler, actor, 'handler_recorded');
    const resolved = await this.deps.cases.resolveCase(caseId, actor, { ...response, stage: row.stage, respondedBy: actor });

    const conversation = row.conversation_id ? await this.deps.store.getConversation(row.conversation_id) : undefined;
    if (!conversation || channelCapabilities[conversation.channel_id].isPublic) return { case: resolved, told: null };
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const lang = this.languageOf(customer, conversation);
    const text = composeResponse(this.deps.translator, {
      lang,
      reference: row.reference,
      kind: row.kind,
      stage: row.stage,
      response,
      format: customer?.preferred_format ?? 'standard',
      ombudsman: this.deps.cases.pack.escalationBodies.find((b) => b.id === 'housing_ombudsman'),
    });
    const told = await this.deps.outbox.say(conversation.id, {
      id: stableUuid(caseId, 'response', row.stage),
      text,
      author: actor,
      caseId,
      locale: lang,
    });
    if (conversation.handoff_state !== 'bot') await this.deps.store.setHandoff(conversation.id, 'bot', null);
    return { case: resolved, told };
  }

  /**
   * A colleague takes the complaint to stage 2 and handles it. Only someone other than
   * the stage 1 handler may (Code 2024 6.13; seed 004); the customer is told the dates.
   */
  async takeStage2(caseId: string, actor: string): Promise<Case> {
    const row = await this.mustGetCase(caseId);
    if (row.stage !== 'stage1') throw new PolicyError(`${row.reference} is not at stage 1`);
    this.assertNotStage1Handler(row, actor);
    const escalation = await this.deps.cases.escalateToStage2(caseId, { actor });
    const updated = await this.deps.store.updateCase(caseId, { stage2_handler: actor, assignee: actor }, actor, 'stage2_taken', {
      stage1Handler: row.stage1_handler ?? row.assignee,
    });
    await this.caseUpdated(caseId, 'stage2_taken');
    const ack = escalation.clocks.find((c) => c.name === 'stage2_ack');
    const response = escalation.clocks.find((c) => c.name === 'stage2_response');
    const conversation = row.conversation_id ? await this.deps.store.getConversation(row.conversation_id) : undefined;
    if (ack && response && conversation && !channelCapabilities[conversation.channel_id].isPublic) {
      const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
      const lang = this.languageOf(customer, conversation);
      const t = this.deps.translator;
      await this.deps.outbox.say(conversation.id, {
        id: stableUuid(caseId, 'stage2-taken'),
        text: t.t(lang, 'stage2.done', {
          reference: row.reference,
          ackDate: t.formatDate(new Date(ack.due_at), lang),
          responseDate: t.formatDate(new Date(response.due_at), lang),
        }),
        author: 'bot',
        caseId,
        locale: lang,
      });
    }
    return updated;
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  private assertNotStage1Handler(row: Case, actor: string): void {
    const stage1 = row.stage1_handler ?? (row.stage === 'stage1' ? row.assignee : null);
    if (this.deps.cases.pack.complaints.stage2.handlerMustDifferFromStage1 && stage1 === actor) {
      throw new PolicyError(`stage 2 of ${row.reference} must be handled by ${this.deps.cases.pack.complaints.stage2.handlerRole}; you handled stage 1`);
    }
  }

  private languageOf(customer: Customer | undefined, conversation: Conversation): string {
    return customer?.preferred_language ?? conversation.locale ?? 'en';
  }

  private async caseUpdated(caseId: string, change: string): Promise<void> {
    // Each colleague's change is its own event: a fresh id, so two quick changes both show.
    await this.deps.queues.add('handoff', { type: 'case_updated', caseId, change }, { id: jobId('case-updated', caseId, change, randomUUID()) });
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
