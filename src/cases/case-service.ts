import { capabilitiesOf, type ChannelId } from '../channel.js';
import type { CaseServiceStore } from './ports.js';
import type {
  Case,
  CaseClock,
  CaseKind,
  CaseStage,
  ContactCaseKind,
  ConsentKind,
  Conversation,
  Customer,
  Priority,
  Representative,
  UkDivision,
} from '../db/rows.js';
import { FixFactsSchema, ResponseFactsSchema, type CaseLetterKind, type LetterExtras } from '../documents/kinds.js';
import type { DeliveryPort } from '../delivery/ports.js';
import type { DocumentPort } from '../documents/ports.js';
import { NotFoundError, PolicyError } from '../errors.js';
import type { Translator } from '../i18n.js';
import { stableUuid } from '../ids.js';
import type { Logger } from '../logger.js';
import {
  ombudsmanNation,
  ombudsmanVars,
  type Nation,
  type NationPlacement,
  type NationPort,
} from '../nations/index.js';
import type { Outbox } from '../outbox.js';
import {
  assertStage2RequestInTime,
  clocksForNewCase,
  clocksForStage1,
  clocksForStage2,
  extend,
  firstTimeFixOutcome,
  type Calendars,
  type Clock,
  type ClockName,
  type ComplaintCategoryId,
  type ExtensionGranted,
  type PolicyContext,
  type PolicyPack,
} from '../policy/index.js';
import { jobId, type SlaJob } from '../queues/definitions.js';
import type { ProcessResult } from '../queues/workers.js';
import type { OriginReader } from './origins.js';
import { isResponseClock, lateResponseDeadline } from './late-apology.js';
import { clocksForConfirmedNation } from './nation-clocks.js';
import { PartiesService, type NewRepresentative } from './parties.js';
import { RefusalService, type CaseVoice } from './refusal.js';
import { RestrictionService } from './restrictions.js';
import { cancelClockJobs, clockFromRow, scheduleBreach, scheduleClockJobs, type JobSink } from './sla-jobs.js';

export interface CaseServiceDeps {
  store: CaseServiceStore;
  queues: JobSink;
  /** Messages to the customer outside a turn (a fix that became a complaint, an extension). */
  outbox: Pick<Outbox, 'say' | 'notify'>;
  pack: PolicyPack;
  calendars: Calendars;
  translator: Translator;
  logger: Logger;
  now?: () => Date;
  /**
   * Letters in the customer's format and language (src/documents): the acknowledgement,
   * extension notice, stage responses and first-time-fix confirmation, with a link sent
   * on their channel. Without it no letters are made. @defaultValue none
   */
  documents?: DocumentPort;
  /**
   * How channels that open a conversation from another one (a public post answered in
   * private) say where it began; the origin goes on the case. @defaultValue none
   */
  origins?: readonly OriginReader[];
  /**
   * TWILIO_FROM: the number a first SMS to a customer goes from (asking a customer whether a
   * representative may act for them, src/cases/parties.ts). @defaultValue none
   */
  smsFrom?: string;
  /**
   * Notices by the customer's chosen contact method, the chat channel the fallback
   * (docs/rules/delivery.md#by-contact-method). @defaultValue none: the channel the case came from
   */
  delivery?: DeliveryPort;
  /** Sets the customer's nation and division from the postcode when a case opens (docs/rules/nations.md). @defaultValue none */
  nations?: NationPort;
}

/** A consent given in the conversation that made the case; its wording version comes from the pack. */
export interface CaseConsent {
  kind: ConsentKind;
  granted: boolean;
  details?: Record<string, unknown>;
}

export interface OpenCaseInput {
  /** Rights requests (subject access, erasure) open through src/data-protection, on their own clock. */
  kind: ContactCaseKind;
  customerId: string | null;
  conversationId: string | null;
  channelId: ChannelId;
  /** The customer's own words, never paraphrased. */
  customerWords: string;
  /** The inbound message whose turn opens the case: a replayed turn gets the same case back. */
  originMessageId?: string | null;
  /** Inbound messages of the conversation that belong to this case (shown with it to staff). */
  messageIds?: readonly string[];
  category?: ComplaintCategoryId | null;
  flags?: readonly string[];
  priority?: Priority;
  classification?: Record<string, unknown> | null;
  desiredOutcome?: string | null;
  startedWhen?: string | null;
  representative?: Representative | null;
  complaintOffered?: boolean;
  complaintOfferChoice?: string | null;
  /** When the customer first made contact about it. @defaultValue now */
  receivedAt?: Date;
  consents?: readonly CaseConsent[];
  /**
   * A representative acting for the customer, added as a party of their own before anything
   * is sent (src/cases/parties.ts). 'ask': the customer is asked on their own channel;
   * 'given': the customer agreed in this conversation; 'declined': they did not.
   */
  party?: Omit<NewRepresentative, 'caseId' | 'actor'> & { consent: 'ask' | 'given' | 'declined' };
  /** @defaultValue 'bot' */
  actor?: string;
  /**
   * The customer's row as the caller holds it (just read or written in this turn), so it is
   * not read again; ignored unless its id is customerId. @defaultValue read by id
   */
  customer?: Customer;
  /** The conversation's row as the caller holds it; ignored unless its id is conversationId. @defaultValue read by id */
  conversation?: Conversation;
}

export interface OpenedCase {
  case: Case;
  clocks: CaseClock[];
  /** True when this turn had already opened it (a replay): nothing was scheduled twice. */
  replayed: boolean;
  /**
   * The case's customer as it stands once the case is open (its nation set from the postcode),
   * for the caller that would otherwise read it again; absent on a replay or without a customer.
   */
  customer?: Customer;
}

export type SlaOutcome = 'stale' | 'reminded' | 'breached' | 'became_stage1';

export interface Stage2Request {
  requestedAt?: Date;
  /** The customer's reasons, in their words (seed 004 asks for them; the Code does not). */
  reasons?: string | null;
  actor?: string;
}

export interface Stage2Escalation {
  case: Case;
  clocks: CaseClock[];
  /** Why the request is outside the pack's window, for staff to decide; null when in time. The bot never refuses. */
  lateReason: string | null;
}

/** The wording version a consent was given under, from the pack (docs/rules/data-protection.md#consents). */
export function consentWordingVersion(pack: PolicyPack, kind: ConsentKind): string {
  if (kind === 'data_protection') return pack.consentWording.privacyNotice;
  if (kind === 'representative') return pack.consentWording.representativeConsent;
  if (kind === 'health_details') return pack.consentWording.healthDetails;
  return pack.consentWording.recordAsComplaint;
}

/** The stage a new case of a kind starts at under a pack. */
export function stageFor(kind: CaseKind, pack: PolicyPack): CaseStage {
  if (kind === 'formal_complaint') return 'stage1';
  // Code 2024 5.2/5.3: no "stage 0", so a fix is not a complaint stage; seed 004 calls it an informal stage.
  if (kind === 'first_time_fix')
    return pack.complaints.firstTimeFix.mode === 'informal_stage' ? 'first_time_fix' : 'none';
  return 'none';
}

const systemActor = 'system';

/**
 * The rules that move a case: the policy pack's clocks, the SLA jobs that watch them,
 * and the notices to staff (handoff queue) and to the customer (outbox). Dialogs and
 * staff tools both change cases only through here, so every change is audited once.
 */
export class CaseService {
  readonly pack: PolicyPack;
  private readonly store: CaseServiceStore;
  private readonly queues: JobSink;
  private readonly now: () => Date;
  /** Representatives as parties, and their consent (issue 15 item 3). */
  readonly parties: PartiesService;
  /** Refusing a complaint for one of the pack's reasons (issue 15 item 4). */
  readonly refusals: RefusalService;
  /** Contact restrictions recorded by a person, with review reminders (issue 15 item 9). */
  readonly restrictions: RestrictionService;

  constructor(private readonly deps: CaseServiceDeps) {
    this.pack = deps.pack;
    this.store = deps.store;
    this.queues = deps.queues;
    this.now = deps.now ?? (() => new Date());
    const voice: CaseVoice = {
      tell: (row, what, key, vars) => this.tellCustomer(row, what, key, vars),
      letter: (caseId, kind, extras, key) => this.letter(caseId, kind, extras, key),
      changed: (caseId, change, key) => this.caseChanged(caseId, change, key),
      message: async (row, key, vars) => {
        const said = await this.customerMessage(row, key, vars);
        const conversation = said ? await this.store.getConversation(said.conversationId) : undefined;
        return said && conversation ? { text: said.text, lang: said.lang, channelId: conversation.channel_id } : null;
      },
      previewLetter: async (caseId, kind, extras) =>
        this.deps.documents ? this.deps.documents.previewCaseLetter(caseId, kind, extras) : null,
      ombudsman: (row) => this.ombudsmanFor(row),
    };
    const common = { store: deps.store, queues: deps.queues, now: this.now, voice };
    this.parties = new PartiesService({
      store: deps.store,
      outbox: deps.outbox,
      translator: deps.translator,
      pack: deps.pack,
      logger: deps.logger,
      now: this.now,
      changed: voice.changed,
      ...(deps.smsFrom ? { smsFrom: deps.smsFrom } : {}),
    });
    this.refusals = new RefusalService({ ...common, pack: deps.pack, translator: deps.translator });
    this.restrictions = new RestrictionService(common);
  }

  /** Notices by the customer's contact method, when the composition root wired it (src/delivery). */
  get delivery(): DeliveryPort | undefined {
    return this.deps.delivery;
  }

  /** Where the case service's jobs go, for work that opens cases of its own (src/data-protection). */
  get jobs(): JobSink {
    return this.queues;
  }

  /** Letters and information documents, when the composition root wired them. */
  get documents(): DocumentPort | undefined {
    return this.deps.documents;
  }

  /** The pack and the working-day calendar of the customer's UK division. */
  policyFor(division: UkDivision): PolicyContext {
    return { pack: this.pack, calendar: this.deps.calendars[division] };
  }

  private async policyForCustomer(customerId: string | null): Promise<PolicyContext> {
    const customer = customerId ? await this.store.getCustomer(customerId) : undefined;
    return this.policyOf(customer);
  }

  private policyOf(customer: Pick<Customer, 'uk_division' | 'country'> | undefined): PolicyContext {
    // The nation decides Awaab's Law (England only: docs/rules/nations.md#awaabs-law-by-nation).
    return { ...this.policyFor(customer?.uk_division ?? 'england-and-wales'), country: customer?.country ?? null };
  }

  teamFor(category: ComplaintCategoryId | null | undefined): string | null {
    if (!category) return null;
    return this.pack.categories.find((c) => c.id === category)?.team ?? null;
  }

  // ── opening ────────────────────────────────────────────────────────────────

  async openCase(input: OpenCaseInput): Promise<OpenedCase> {
    const now = this.now();
    const receivedAt = input.receivedAt ?? now;
    // The customer is read once (or taken from the caller) and carried through: placed, then its policy and preferences.
    const held = input.customerId && input.customer?.id === input.customerId ? input.customer : undefined;
    let customer = input.customerId ? (held ?? (await this.store.getCustomer(input.customerId))) : undefined;
    // The postcode sets the nation, and so the bank holidays and Awaab's Law, before any clock starts.
    const placement = await this.place(input.customerId, customer);
    if (placement) customer = placement.customer;
    const policy = this.policyOf(customer);
    const flags = [
      ...new Set([...(input.flags ?? []), ...(placement?.placement.askColleague ? ['nation_to_confirm'] : [])]),
    ];
    const clocks: Clock[] = clocksForNewCase({
      kind: input.kind,
      receivedAt,
      flags: { dampMould: flags.includes('damp_mould'), emergency: input.kind === 'emergency' },
      ...policy,
    });
    const actor = input.actor ?? 'bot';
    // A replayed turn finds the case its first run made (by the origin message): nothing is done twice.
    const made = await this.store.createCaseWithClocks({
      kind: input.kind,
      stage: stageFor(input.kind, this.pack),
      priority: input.priority,
      category: input.category ?? null,
      team: this.teamFor(input.category),
      flags,
      policyPack: this.pack.id,
      customerId: input.customerId,
      conversationId: input.conversationId,
      channelId: input.channelId,
      customerWords: input.customerWords,
      desiredOutcome: input.desiredOutcome ?? null,
      startedWhen: input.startedWhen ?? null,
      representative: input.representative ?? null,
      classification: input.classification ?? null,
      complaintOffered: input.complaintOffered ?? false,
      complaintOfferChoice: input.complaintOfferChoice ?? null,
      receivedAt,
      clocks,
      actor,
      originMessageId: input.originMessageId ?? null,
    });
    if (made.replayed) return { case: made.case, clocks: made.clocks, replayed: true };
    const created = made.case;
    await this.store.attachMessagesToCase(input.messageIds ?? [], created.id);
    if (input.conversationId)
      await this.attachOrigin(
        created.id,
        input.conversation?.id === input.conversationId ? input.conversation : input.conversationId,
        actor,
      );
    for (const consent of input.consents ?? []) {
      await this.store.recordConsent({
        id: stableUuid(created.id, 'consent', consent.kind),
        customerId: input.customerId,
        caseId: created.id,
        conversationId: input.conversationId,
        kind: consent.kind,
        wordingVersion: consentWordingVersion(this.pack, consent.kind),
        granted: consent.granted,
        channelId: input.channelId,
        details: consent.details ?? {},
      });
    }
    if (placement?.placement.askColleague) {
      // docs/rules/nations.md#border-districts: a split district is a colleague's to look up, never a guess.
      await this.store.appendEvent(created.id, actor, 'nation_to_confirm', {
        basis: placement.placement.basis,
        candidates: placement.placement.candidates,
        division: placement.placement.division,
      });
    }
    if (input.customerId) {
      // seed 000/001: the preferences drive every later letter, so staff see them with the case.
      if (customer) {
        await this.store.appendEvent(created.id, actor, 'customer_preferences', {
          language: customer.preferred_language,
          format: customer.preferred_format,
          contactMethod: customer.contact_method,
          accessNeeds: customer.access_needs,
        });
      }
    }
    if (input.party) await this.addParty(created.id, input.party, actor);
    await scheduleClockJobs(this.queues, created.id, clocks, now);
    await this.queues.add(
      'handoff',
      { type: 'case_created', caseId: created.id },
      { id: jobId('case-created', created.id) },
    );
    // No acknowledgement letter at receipt: the bot's confirmation is a plain receipt; the Code's
    // acknowledgement (6.2, 6.11) is a colleague's step, which sends the letter (src/cases/steps.ts).
    this.deps.logger.info(
      { caseId: created.id, kind: created.kind, stage: created.stage, pack: this.pack.id },
      'case opened',
    );
    return { case: created, clocks: made.clocks, replayed: false, ...(customer ? { customer } : {}) };
  }

  /** Where the customer's home is (src/nations), from the row in hand when the port can take it. */
  private async place(
    customerId: string | null,
    customer: Customer | undefined,
  ): Promise<{ placement: NationPlacement; customer: Customer | undefined } | null> {
    const nations = this.deps.nations;
    if (!customerId || !nations) return null;
    if (nations.placeCustomer) return customer ? nations.placeCustomer(customer) : null;
    const placement = await nations.place(customerId);
    if (!placement) return null;
    // Placed by id: the row is read again as it now stands.
    return { placement, customer: await this.store.getCustomer(customerId) };
  }

  /** The representative joins before the first letter, so nothing goes to them unless the customer agreed. */
  private async addParty(caseId: string, party: NonNullable<OpenCaseInput['party']>, actor: string): Promise<void> {
    const { consent, ...details } = party;
    const added = await this.parties.addRepresentative({ ...details, caseId, actor });
    if (consent === 'ask') await this.parties.requestConsent(added.id, actor);
    else await this.parties.recordGivenInConversation(added.id, consent === 'given', actor);
  }

  /**
   * A conversation that began in another one (a public comment answered in private, as
   * its channel's OriginReader says) brings that conversation's messages and the origin
   * onto the case (docs/rules/channels.md#public-comments), so staff see what was said in public and what we answered.
   */
  private async attachOrigin(caseId: string, of: Conversation | string, actor: string): Promise<void> {
    const readers = this.deps.origins ?? [];
    if (readers.length === 0) return;
    const conversation = typeof of === 'string' ? await this.store.getConversation(of) : of;
    if (!conversation) return;
    for (const read of readers) {
      const origin = read(conversation);
      if (!origin) continue;
      const messages = await this.store.listMessages(origin.conversationId);
      await this.store.attachMessagesToCase(
        messages.filter((m) => m.case_id === null).map((m) => m.id),
        caseId,
      );
      await this.store.appendEvent(caseId, actor, origin.event, origin.data);
    }
  }

  // ── people ─────────────────────────────────────────────────────────────────

  /** A colleague should take the conversation now (the customer asked, or an emergency). */
  async requestHandoff(input: {
    conversationId: string;
    caseId: string | null;
    reason: string;
    key: string;
  }): Promise<void> {
    await this.store.setHandoff(input.conversationId, 'queued', null);
    await this.queues.add(
      'handoff',
      { type: 'handoff_requested', conversationId: input.conversationId, caseId: input.caseId, reason: input.reason },
      { id: jobId('handoff', input.conversationId, input.key) },
    );
  }

  /**
   * A colleague looked the address up (docs/rules/nations.md#border-districts): the customer's
   * nation and division are set, the case's flag comes off, its clocks follow the nation
   * (src/cases/nation-clocks.ts: Awaab's Law in England only, the division's bank holidays),
   * and the card is refreshed.
   */
  async confirmNation(caseId: string, country: Nation, actor: string): Promise<Case> {
    const row = await this.mustGet(caseId);
    if (!this.deps.nations || !row.customer_id)
      throw new PolicyError(`${row.reference} has no customer whose nation could be set`);
    const customer = await this.deps.nations.confirm(row.customer_id, country, actor);
    const changes = await clocksForConfirmedNation({
      row,
      policy: await this.policyForCustomer(row.customer_id),
      store: this.store,
      queues: this.queues,
      actor,
      now: this.now(),
    });
    const updated = await this.store.updateCase(
      caseId,
      { flags: row.flags.filter((f) => f !== 'nation_to_confirm') },
      actor,
      'nation_confirmed',
      {
        country,
        division: customer.uk_division,
        clocksCancelled: changes.cancelled,
        clocksAdded: changes.added.map((c) => c.name),
        clocksMoved: changes.moved.map((c) => c.name),
      },
    );
    await this.caseChanged(caseId, 'nation_confirmed', `${country}-${actor}`);
    return updated;
  }

  /** Something staff see on the case card changed (a badge): the card is refreshed. */
  async caseChanged(caseId: string, change: string, key: string): Promise<void> {
    await this.queues.add(
      'handoff',
      { type: 'case_updated', caseId, change },
      { id: jobId('case-updated', caseId, change, key) },
    );
  }

  /**
   * An emergency written while the conversation is with (or waiting for) a colleague: the
   * conversation stays where it is (a colleague who has it keeps it); staff are alerted
   * with a mention in its thread, once per message (issue 11 item 7).
   */
  async alertSafety(input: {
    conversationId: string;
    caseId: string | null;
    messageId: string;
    hazard: string | null;
  }): Promise<void> {
    if (input.caseId)
      await this.store.appendEventOnce(input.caseId, `safety:${input.messageId}`, 'bot', 'safety_alert', {
        messageId: input.messageId,
        hazard: input.hazard,
      });
    await this.queues.add('handoff', { type: 'safety_alert', ...input }, { id: jobId('safety', input.messageId) });
  }

  /**
   * Staff must see something without taking the conversation over (abusive language).
   * seed 004: only a person may restrict contact, in writing, with a review date; the bot never does.
   */
  async flagForStaff(input: {
    conversationId: string;
    caseIds: readonly string[];
    reason: string;
    key: string;
    actor?: string;
  }): Promise<void> {
    for (const caseId of input.caseIds) {
      const row = await this.store.getCase(caseId);
      if (!row || row.flags.includes(input.reason)) continue;
      await this.store.updateCase(caseId, { flags: [...row.flags, input.reason] }, input.actor ?? 'bot', 'flagged', {
        flag: input.reason,
      });
    }
    await this.queues.add(
      'handoff',
      {
        type: 'handoff_requested',
        conversationId: input.conversationId,
        caseId: input.caseIds[0] ?? null,
        reason: input.reason,
      },
      { id: jobId('flag', input.conversationId, input.key) },
    );
  }

  // ── finishing ──────────────────────────────────────────────────────────────

  /** The landlord has responded or put it right: running clocks are met and their jobs withdrawn. */
  async resolveCase(caseId: string, actor: string, resolution: Record<string, unknown>): Promise<Case> {
    const now = this.now();
    const row = await this.mustGet(caseId);
    // Every open clock is met by the response, a breached one late (docs/rules/timescales.md#recorded-steps).
    const open = (await this.store.listClocks(caseId)).filter((c) => c.status === 'running' || c.status === 'breached');
    for (const clock of open) await this.store.meetClock(caseId, clock.name, now, actor, { by: 'resolution' });
    await cancelClockJobs(this.queues, caseId, open.filter((c) => c.status === 'running').map(clockFromRow));
    const updated = await this.store.updateCase(
      caseId,
      { status: 'resolved', resolved_at: now, resolution, acknowledged_at: row.acknowledged_at ?? now },
      actor,
      'case_resolved',
      { stage: row.stage },
    );
    await this.queues.add(
      'handoff',
      { type: 'case_updated', caseId, change: 'resolved' },
      { id: jobId('case-updated', caseId, 'resolved', now.toISOString()) },
    );
    await this.resolutionLetter(row, resolution);
    return updated;
  }

  /**
   * Closed without a response being due any more (withdrawn, duplicate, or after the final
   * response): running clocks are cancelled and their jobs withdrawn. `status` is `withdrawn`
   * when the customer withdrew it; `data` goes on the audit event (why, and what it duplicates).
   */
  async closeCase(
    caseId: string,
    actor: string,
    resolution?: Record<string, unknown>,
    options: { status?: 'closed' | 'withdrawn'; data?: Record<string, unknown> } = {},
  ): Promise<Case> {
    const now = this.now();
    await this.mustGet(caseId);
    const running = (await this.store.listClocks(caseId)).filter((c) => c.status === 'running');
    for (const clock of running) await this.store.setClockStatus(caseId, clock.name, 'cancelled', now, actor);
    await cancelClockJobs(this.queues, caseId, running.map(clockFromRow));
    return this.store.updateCase(
      caseId,
      { status: options.status ?? 'closed', closed_at: now, ...(resolution ? { resolution } : {}) },
      actor,
      'case_closed',
      options.data ?? {},
    );
  }

  // ── changing stage ─────────────────────────────────────────────────────────

  /**
   * The customer asks for stage 2. Under a pack with a request window (seed 004: one month)
   * a late request is still taken, flagged with the reason for staff to decide: the bot never refuses.
   */
  async escalateToStage2(caseId: string, request: Stage2Request = {}): Promise<Stage2Escalation> {
    const requestedAt = request.requestedAt ?? this.now();
    const actor = request.actor ?? 'bot';
    const row = await this.mustGet(caseId);
    if (row.stage !== 'stage1') throw new PolicyError(`case ${row.reference} is at ${row.stage}, not stage 1`);
    const respondedAt = await this.stage1RespondedAt(row);
    if (!respondedAt) throw new PolicyError(`case ${row.reference} has no stage 1 response yet`);
    let lateReason: string | null = null;
    try {
      assertStage2RequestInTime(this.pack, respondedAt, requestedAt);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      lateReason = error.message;
    }
    const policy = await this.policyForCustomer(row.customer_id);
    const clocks = clocksForStage2({ requestedAt, ...policy });
    const flags = lateReason ? [...new Set([...row.flags, 'stage2_request_late'])] : row.flags;
    const updated = await this.store.updateCase(
      caseId,
      // Unclaimed again: stage 2 waits for someone not involved at stage 1 (Code 2024 6.13).
      { stage: 'stage2', status: 'open', flags, acknowledged_at: null, assignee: null },
      actor,
      'stage2_requested',
      {
        requestedAt: requestedAt.toISOString(),
        reasons: request.reasons ?? null,
        // What stage 1 decided, kept with the request: the stage 2 reviewer reads it, and the
        // case's resolution is overwritten by the stage 2 response.
        stage1Resolution: row.resolution,
        stage1Assignee: row.assignee,
        lateReason,
        // Code 2024 6.13 / seed 004: whoever handles stage 2 must not be the stage 1 handler; staff tools enforce it.
        handlerRule: this.pack.complaints.stage2.handlerRole,
        stage1Handler: row.stage1_handler,
      },
    );
    await this.store.replaceClocks(caseId, clocks, actor, 'stage 2 requested');
    await scheduleClockJobs(this.queues, caseId, clocks, this.now());
    await this.queues.add(
      'handoff',
      { type: 'case_updated', caseId, change: 'stage2_requested' },
      { id: jobId('case-updated', caseId, 'stage2', requestedAt.toISOString()) },
    );
    // Acknowledged by a colleague's step (src/cases/steps.ts), which sends the stage 2 letter.
    return { case: updated, clocks: await this.runningClocks(caseId), lateReason };
  }

  /** The clocks a new case of this kind would start, changing nothing (a colleague's preview). */
  async previewNewCaseClocks(kind: CaseKind, receivedAt: Date, customerId: string | null): Promise<Clock[]> {
    // A rights request's calendar-month clock is src/data-protection's, not the pack's contact clocks.
    if (kind === 'subject_access' || kind === 'erasure_request') return [];
    const policy = await this.policyForCustomer(customerId);
    return clocksForNewCase({
      kind,
      receivedAt,
      flags: { dampMould: false, emergency: kind === 'emergency' },
      ...policy,
    });
  }

  /** The stage 2 clocks a request made now would start, changing nothing (a colleague's preview). */
  async previewStage2Clocks(caseId: string): Promise<Clock[]> {
    const row = await this.mustGet(caseId);
    return clocksForStage2({ requestedAt: this.now(), ...(await this.policyForCustomer(row.customer_id)) });
  }

  /** When the stage 1 response was given: the case's resolution, else the met response clock. */
  async stage1RespondedAt(row: Case): Promise<Date | null> {
    if (row.resolved_at) return new Date(row.resolved_at);
    const clock = (await this.store.listClocks(row.id)).find((c) => c.name === 'stage1_response' && c.status === 'met');
    return clock?.met_at ? new Date(clock.met_at) : null;
  }

  /** Staff (or a rule) change what a case is; the clocks are worked out again from its receipt. */
  async reclassify(caseId: string, kind: ContactCaseKind, actor: string, reason: string): Promise<Case> {
    const row = await this.mustGet(caseId);
    const policy = await this.policyForCustomer(row.customer_id);
    const clocks = clocksForNewCase({
      kind,
      receivedAt: new Date(row.received_at),
      flags: { dampMould: row.flags.includes('damp_mould'), emergency: kind === 'emergency' },
      ...policy,
    });
    const old = (await this.store.listClocks(caseId)).filter((c) => c.status === 'running');
    const updated = await this.store.updateCase(
      caseId,
      { kind, stage: stageFor(kind, this.pack), ...(kind === 'emergency' ? { priority: 'emergency' as const } : {}) },
      actor,
      'reclassified',
      { from: row.kind, to: kind, reason },
    );
    await cancelClockJobs(this.queues, caseId, old.map(clockFromRow));
    await this.store.replaceClocks(caseId, clocks, actor, `reclassified as ${kind}: ${reason}`);
    await scheduleClockJobs(this.queues, caseId, clocks, this.now());
    return updated;
  }

  /**
   * A first-time fix becomes a stage 1 complaint: on its own when not put right in time
   * (Code 2024 5.2/5.3; seed 004: informal moves to formal), or when the customer asks (Code 1.3).
   */
  async convertToStage1(
    caseId: string,
    how: {
      actor: string;
      customerAskedAt?: Date;
      /** The customer's words when they asked: kept with the choice (Code 1.3). */
      words?: string;
      /** Tell the customer by notice (false when the turn that asked says it). @defaultValue true */
      tell?: boolean;
    },
  ): Promise<Case> {
    const row = await this.mustGet(caseId);
    if (row.kind !== 'first_time_fix')
      throw new PolicyError(`case ${row.reference} is a ${row.kind}, not a first-time fix`);
    const now = this.now();
    const ftf = (await this.store.listClocks(caseId)).find((c) => c.name === 'ftf_resolve');
    const outcome = firstTimeFixOutcome({
      pack: this.pack,
      receivedAt: new Date(row.received_at),
      dueAt: ftf ? new Date(ftf.due_at) : now,
      resolved: false,
      customerAskedAt: how.customerAskedAt,
      // The job may run a moment before the clock's last millisecond is past; the breach is what counts.
      now: how.customerAskedAt
        ? now
        : new Date(Math.max(now.getTime(), ftf ? new Date(ftf.due_at).getTime() + 1 : now.getTime())),
    });
    if (!outcome.becomesStage1 || !outcome.stage1ReceivedAt)
      throw new PolicyError(`case ${row.reference} does not become stage 1: ${outcome.basis}`);
    const policy = await this.policyForCustomer(row.customer_id);
    const clocks = clocksForStage1({ receivedAt: outcome.stage1ReceivedAt, ...policy });
    const running = (await this.store.listClocks(caseId)).filter((c) => c.status === 'running');
    await cancelClockJobs(this.queues, caseId, running.map(clockFromRow));
    const updated = await this.store.updateCase(
      caseId,
      {
        kind: 'formal_complaint',
        stage: 'stage1',
        // The offer and the customer's choice, recorded (Code 1.3): they asked for it.
        ...(how.customerAskedAt ? { complaint_offered: true, complaint_offer_choice: 'formal_on_request' } : {}),
      },
      how.actor,
      'became_stage1',
      {
        automatic: outcome.automatic,
        basis: outcome.basis,
        stage1ReceivedAt: outcome.stage1ReceivedAt.toISOString(),
        ...(how.words ? { words: how.words.slice(0, 500) } : {}),
      },
    );
    if (how.customerAskedAt) {
      await this.store.recordConsent({
        id: stableUuid(caseId, 'consent', 'record_as_complaint', 'on_request'),
        customerId: row.customer_id,
        caseId,
        conversationId: row.conversation_id,
        kind: 'record_as_complaint',
        wordingVersion: consentWordingVersion(this.pack, 'record_as_complaint'),
        granted: true,
        channelId: row.channel_id,
        details: { askedBy: 'customer', words: how.words?.slice(0, 500) ?? null },
      });
    }
    await this.store.replaceClocks(caseId, clocks, how.actor, outcome.basis);
    await scheduleClockJobs(this.queues, caseId, clocks, now);
    await this.queues.add(
      'handoff',
      { type: 'case_updated', caseId, change: 'became_stage1' },
      { id: jobId('case-updated', caseId, 'stage1') },
    );
    const ack = clocks.find((c) => c.name === 'stage1_ack');
    const response = clocks.find((c) => c.name === 'stage1_response');
    if (ack && response && how.tell !== false) {
      // Asked for by the customer (Code 1.3), it is not "wasn't put right in time".
      const key = how.customerAskedAt ? 'parties:conversion.done' : 'cases.becameStage1';
      await this.tellCustomer(updated, 'became-stage1', key, (lang) => ({
        reference: updated.reference,
        ackDate: this.deps.translator.formatDate(ack.dueAt, lang),
        responseDate: this.deps.translator.formatDate(response.dueAt, lang),
      }));
    }
    // Acknowledged by a colleague's step (src/cases/steps.ts), which sends the letter.
    return updated;
  }

  /** Extend a response clock within the pack's cap; the customer is told the reason, the new date and the Ombudsman's details. */
  async extendClock(
    caseId: string,
    clock: ClockName,
    newDueAt: Date,
    reason: string,
    actor: string,
  ): Promise<ExtensionGranted> {
    const { row, current, granted } = await this.decideExtension(caseId, clock, newDueAt, reason);
    await cancelClockJobs(this.queues, caseId, [clockFromRow(current)]);
    await this.store.extendClock(caseId, clock, granted.dueAt, granted.workingDaysRequested, granted.reason, actor);
    await scheduleClockJobs(
      this.queues,
      caseId,
      [{ name: clock, dueAt: granted.dueAt, remindAt: granted.remindAt }],
      this.now(),
    );
    await this.tellCustomer(
      row,
      `extended-${clock}-${granted.dueAt.toISOString()}`,
      'cases.extended',
      await this.extensionVars(row, granted),
    );
    await this.letter(
      caseId,
      'extension_notice',
      { extension: this.extensionFacts(current, granted) },
      `${clock}-${granted.dueAt.toISOString()}`,
    );
    return granted;
  }

  /**
   * An extension as it would be granted, changing nothing: what the customer would be told
   * and the facts of the letter. Refused (ExtensionRefusedError) exactly as extendClock would.
   */
  async previewExtension(
    caseId: string,
    clock: ClockName,
    newDueAt: Date,
    reason: string,
  ): Promise<{
    granted: ExtensionGranted;
    message: { text: string; lang: string } | null;
    extension: { reason: string; newDueAt: string; previousDueAt: string };
  }> {
    const { row, current, granted } = await this.decideExtension(caseId, clock, newDueAt, reason);
    const message = await this.customerMessage(row, 'cases.extended', await this.extensionVars(row, granted));
    return { granted, message, extension: this.extensionFacts(current, granted) };
  }

  private async decideExtension(
    caseId: string,
    clock: ClockName,
    newDueAt: Date,
    reason: string,
  ): Promise<{ row: Case; current: CaseClock; granted: ExtensionGranted }> {
    const row = await this.mustGet(caseId);
    const current = (await this.store.listClocks(caseId)).find((c) => c.name === clock);
    if (!current || current.status !== 'running')
      throw new NotFoundError(`case ${row.reference} has no running ${clock} clock`);
    const policy = await this.policyForCustomer(row.customer_id);
    const granted = extend({
      clock,
      originalDueAt: new Date(current.original_due_at),
      currentDueAt: new Date(current.due_at),
      newDueAt,
      reason,
      decidedAt: this.now(),
      ...policy,
    });
    return { row, current, granted };
  }

  private async extensionVars(row: Case, granted: ExtensionGranted): Promise<(lang: string) => Record<string, string>> {
    const ombudsman = await this.ombudsmanFor(row);
    return (lang) => ({
      reference: row.reference,
      reason: granted.reason,
      date: this.deps.translator.formatDate(granted.dueAt, lang),
      ...ombudsman(lang),
    });
  }

  /** The ombudsman of the customer's nation, as locale variables (docs/rules/nations.md#which-ombudsman). */
  async ombudsmanFor(row: Pick<Case, 'customer_id'>): Promise<(lang: string) => ReturnType<typeof ombudsmanVars>> {
    const customer = row.customer_id ? await this.store.getCustomer(row.customer_id) : undefined;
    // Nobody known yet (a question before any details): the landlord's own division (UK_DIVISION).
    const nation = ombudsmanNation(
      customer ?? { country: null, uk_division: this.deps.nations?.defaultDivision ?? 'england-and-wales' },
    );
    return (lang) => ombudsmanVars((key) => this.deps.translator.t(lang, key), this.pack, nation);
  }

  private extensionFacts(
    current: CaseClock,
    granted: ExtensionGranted,
  ): { reason: string; newDueAt: string; previousDueAt: string } {
    return {
      reason: granted.reason,
      newDueAt: granted.dueAt.toISOString(),
      previousDueAt: new Date(current.due_at).toISOString(),
    };
  }

  // ── clocks firing ──────────────────────────────────────────────────────────

  /**
   * A clock's reminder or breach job. A job made for a due date that has since moved (an
   * extension), a clock already met or cancelled, or a closed case does nothing.
   */
  async handleSlaJob(job: SlaJob): Promise<SlaOutcome> {
    const row = await this.store.getCase(job.caseId);
    if (!row || row.status !== 'open') return 'stale';
    const clock = (await this.store.listClocks(row.id)).find((c) => c.name === job.clock);
    if (!clock || clock.status !== 'running' || new Date(clock.due_at).getTime() !== new Date(job.dueAt).getTime())
      return 'stale';
    if (job.alert === 'reminder') {
      await this.queues.add(
        'handoff',
        { type: 'sla_alert', caseId: row.id, clock: job.clock, alert: 'reminder' },
        { id: jobId('sla-alert', row.id, job.clock, 'reminder', job.dueAt) },
      );
      // The clock's breach job is made now, not with the case (sla-jobs.ts scheduleClockJobs).
      await scheduleBreach(this.queues, row.id, job.clock, new Date(clock.due_at), this.now());
      return 'reminded';
    }
    const now = this.now();
    const breachedAt = new Date(Math.max(now.getTime(), new Date(clock.due_at).getTime()));
    if (!(await this.store.setClockStatus(row.id, job.clock, 'breached', breachedAt, systemActor))) return 'stale';
    await this.queues.add(
      'handoff',
      { type: 'sla_alert', caseId: row.id, clock: job.clock, alert: 'breach' },
      { id: jobId('sla-alert', row.id, job.clock, 'breach', job.dueAt) },
    );
    if (isResponseClock(job.clock)) await this.apologiseForLateResponse(row, clock);
    if (
      job.clock === 'ftf_resolve' &&
      row.kind === 'first_time_fix' &&
      this.pack.complaints.firstTimeFix.unresolvedBecomesStage1
    ) {
      await this.convertToStage1(row.id, { actor: systemActor });
      return 'became_stage1';
    }
    return 'breached';
  }

  /**
   * A response clock passed: the customer is told we are late, sorry, and when to expect the
   * response (seed 004; docs/rules/timescales.md#late-response), on their own channel in their
   * language, once per missed date. The clock stays breached: the promise is an event.
   */
  private async apologiseForLateResponse(row: Case, clock: CaseClock): Promise<void> {
    const deadline = lateResponseDeadline(clock, await this.policyForCustomer(row.customer_id));
    if (!deadline) return;
    const missed = new Date(clock.due_at).toISOString();
    await this.tellCustomer(
      row,
      `late-${clock.name}-${missed}`,
      'steps:lateApology',
      (lang) => ({
        reference: row.reference,
        date: this.deps.translator.formatDate(deadline.dueAt, lang),
      }),
      // No letter says it: by post it is a letter of its own (docs/rules/delivery.md#by-contact-method).
      { inLetter: false },
    );
    await this.store.appendEventOnce(row.id, `late-apology:${clock.name}:${missed}`, systemActor, 'late_apology_sent', {
      clock: clock.name,
      missedDueAt: missed,
      newExpectedAt: deadline.dueAt.toISOString(),
      basis: deadline.basis,
    });
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  async runningClocks(caseId: string): Promise<CaseClock[]> {
    return (await this.store.listClocks(caseId)).filter((c) => c.status === 'running');
  }

  /**
   * A letter in the customer's format, with its link sent to them. A letter that cannot be
   * made is logged for staff and never undoes the change to the case that prompted it.
   */
  private async letter(caseId: string, kind: CaseLetterKind, extras: LetterExtras, key: string): Promise<void> {
    if (!this.deps.documents) return;
    try {
      await this.deps.documents.sendCaseLetter(caseId, kind, extras, { key });
    } catch (error) {
      this.deps.logger.error({ caseId, kind, err: (error as Error).message }, 'letter not sent');
    }
  }

  /** The response letter for what was resolved: stage 1 or 2 (docs/rules/responses.md#response-contents), or a first-time fix's confirmation. */
  private async resolutionLetter(row: Case, resolution: Record<string, unknown>): Promise<void> {
    if (row.kind === 'first_time_fix') {
      const fix = FixFactsSchema.safeParse(resolution);
      await this.letter(row.id, 'ftf_confirmation', fix.success ? { fix: fix.data } : {}, 'ftf');
      return;
    }
    if (row.kind !== 'formal_complaint' || (row.stage !== 'stage1' && row.stage !== 'stage2')) return;
    const response = ResponseFactsSchema.safeParse(resolution);
    if (!response.success) {
      this.deps.logger.warn(
        { caseId: row.id, stage: row.stage },
        'no response letter: the resolution lacks the outcome, reasons, remedy, outstanding actions or changes',
      );
      return;
    }
    await this.letter(
      row.id,
      row.stage === 'stage2' ? 'stage2_response' : 'stage1_response',
      { response: response.data },
      row.stage,
    );
  }

  private async mustGet(caseId: string): Promise<Case> {
    const row = await this.store.getCase(caseId);
    if (!row) throw new NotFoundError(`no case ${caseId}`);
    return row;
  }

  /** A notice to the customer by their contact method (src/delivery), for the other case services (steps). */
  tell(
    row: Case,
    what: string,
    key: string,
    vars: (lang: string) => Record<string, string>,
    options: { inLetter?: boolean } = {},
  ): Promise<void> {
    return this.tellCustomer(row, what, key, vars, options);
  }

  /**
   * Tell the customer on the channel the case came from, in their language. Stored then
   * queued by the Outbox; the id is stable so a retried job says it once. A public
   * channel (a Page comment) never carries case news: staff contact the customer instead.
   */
  private async tellCustomer(
    row: Case,
    what: string,
    key: string,
    vars: (lang: string) => Record<string, string>,
    options: { inLetter?: boolean } = {},
  ): Promise<void> {
    if (this.deps.delivery) {
      // Most notices come with their letter (acknowledgement, extension notice, refusal): by post, the
      // letter alone goes. One without (a late apology) is printed as a letter of its own.
      await this.deps.delivery.deliver({
        caseId: row.id,
        key: `notice:${row.id}:${what}`,
        author: 'bot',
        chatId: stableUuid(row.id, 'notice', what),
        inLetter: options.inLetter ?? true,
        text: (lang, context) => this.deps.translator.t(lang, key, { ...vars(lang), context }),
      });
      return;
    }
    const message = await this.customerMessage(row, key, vars);
    if (!message) {
      this.deps.logger.info({ caseId: row.id, what }, 'customer not told by message: no private channel for this case');
      return;
    }
    await this.deps.outbox.notify(message.conversationId, {
      id: stableUuid(row.id, 'notice', what),
      text: message.text,
      author: 'bot',
      caseId: row.id,
      locale: message.lang,
    });
  }

  /**
   * A notice as the customer would read it on their own channel, in their language; null when
   * the case has no private channel. Used to say it, and to show a colleague beforehand.
   */
  async customerMessage(
    row: Case,
    key: string,
    vars: (lang: string) => Record<string, string>,
  ): Promise<{ conversationId: string; text: string; lang: string } | null> {
    // A representative the customer has not agreed to hears nothing: the customer's own conversation instead.
    const conversationId = await this.store.caseConversationFor(row);
    if (!conversationId) return null;
    const conversation = await this.store.getConversation(conversationId);
    if (!conversation || capabilitiesOf(conversation.channel_id).isPublic) return null;
    const customer = row.customer_id ? await this.store.getCustomer(row.customer_id) : undefined;
    const lang = customer?.preferred_language ?? conversation.locale ?? 'en';
    const context = capabilitiesOf(conversation.channel_id).wording;
    return {
      conversationId: conversation.id,
      text: this.deps.translator.t(lang, key, { ...vars(lang), context }),
      lang,
    };
  }
}

/** The sla queue's processor, for the composition root's Workers. */
export function slaProcessor(service: CaseService): (payload: SlaJob) => Promise<ProcessResult> {
  return async (payload) => {
    await service.handleSlaJob(payload);
    return 'done';
  };
}
