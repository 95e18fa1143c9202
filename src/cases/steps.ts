import type { CaseClockRepository } from '../db/case-clocks.js';
import type { CaseEventRepository } from '../db/case-events.js';
import type { CaseRepository } from '../db/cases.js';
import type { CustomerRepository } from '../db/customers.js';
import { remedyKinds, type CaseRemedy, type RemedyKind, type RemedyRepository } from '../db/remedies.js';
import type { Case, CaseClock } from '../db/rows.js';
import { NotFoundError, PolicyError } from '../errors.js';
import { formatLondonDate } from '../i18n.js';
import { stableUuid } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../outbox.js';
import { clocksForAwaab, clocksForStage1, clocksForStage2, type Clock, type ClockName } from '../policy/index.js';
import { jobId } from '../queues/definitions.js';
import type { CaseService } from './case-service.js';
import { assertStage2Independent } from './independence.js';
import { cancelClockJobs, clockFromRow, scheduleClockJobs, type JobSink } from './sla-jobs.js';

/**
 * The steps of the Code and of Awaab's Law that meet a clock, each recorded by a colleague
 * with its date (docs/rules/timescales.md#recorded-steps): the acknowledgement (Code 2024
 * 6.2, 6.11), the investigation, written summary and safety work of a damp and mould hazard
 * (docs/rules/hazards.md#awaabs-law-steps), an emergency made safe, and the response sent
 * (Code 6.3, 6.14). Each meets its clock (met on time when `met_at <= due_at`; a clock that
 * had breached first keeps `breached_at` and reads "met late"), withdraws the clock's
 * reminder and breach jobs, and is audited in case_events.
 */
export const stepNames = [
  'acknowledge',
  'investigation_recorded',
  'summary_sent',
  'safety_work_started',
  'made_safe',
  'response_sent',
] as const;
export type StepName = (typeof stepNames)[number];

/** Who is recording a step: the audit trail's actor, and whether they lead the team. */
export interface StepActor {
  actor: string;
  lead: boolean;
}

/** What a recorded step did. */
export interface StepRecorded {
  step: StepName;
  case: Case;
  clock: CaseClock;
  /** met_at <= due_at. */
  onTime: boolean;
  /** The clock had breached before the step was recorded. */
  late: boolean;
  /** Clocks started again from this step (the response from the acknowledgement). */
  restarted: Clock[];
}

export interface NewRemedyInput {
  kind: RemedyKind;
  /** Compensation in pence; required for compensation, refused for an apology. */
  amountPence?: number | null;
  note?: string | null;
}

export type StepStore = Pick<CaseClockRepository, 'listClocks' | 'meetClock' | 'restartClocks'> &
  Pick<CaseRepository, 'getCase' | 'updateCase'> &
  Pick<CaseEventRepository, 'appendEvent'> &
  Pick<CustomerRepository, 'getCustomer'> &
  Pick<RemedyRepository, 'getRemedy' | 'listRemedies' | 'markRemedyPaid' | 'recordRemedy'>;

export interface StepServiceDeps {
  store: StepStore;
  cases: Pick<CaseService, 'pack' | 'policyFor' | 'customerMessage' | 'documents'>;
  queues: JobSink;
  outbox: Pick<Outbox, 'notify'>;
  logger: Logger;
  now?: () => Date;
}

/** What a refusal says was attempted: "you cannot acknowledge it". */
const stepVerb: Record<StepName, string> = {
  acknowledge: 'acknowledge',
  investigation_recorded: 'record the investigation of',
  summary_sent: 'record the written summary of',
  safety_work_started: 'record the safety work of',
  made_safe: 'record the make-safe of',
  response_sent: 'record the response to',
};

const isOpen = (clock: CaseClock): boolean => clock.status === 'running' || clock.status === 'breached';

/** The clock a step meets on this case as it stands; null when the step does not apply to it. */
export function clockForStep(step: StepName, row: Pick<Case, 'kind' | 'stage'>): ClockName | null {
  const complaintStage = row.kind === 'formal_complaint' && (row.stage === 'stage1' || row.stage === 'stage2');
  switch (step) {
    case 'acknowledge':
      return complaintStage ? (row.stage === 'stage2' ? 'stage2_ack' : 'stage1_ack') : null;
    case 'response_sent':
      return complaintStage ? (row.stage === 'stage2' ? 'stage2_response' : 'stage1_response') : null;
    case 'investigation_recorded':
      return 'awaab_investigation';
    case 'summary_sent':
      return 'awaab_summary';
    case 'safety_work_started':
      return 'awaab_safety_work';
    case 'made_safe':
      return 'emergency_make_safe';
  }
}

/** The steps that can be recorded now: an open case whose clock for the step is still open. */
export function openSteps(row: Pick<Case, 'kind' | 'stage' | 'status'>, clocks: readonly CaseClock[]): StepName[] {
  if (row.status !== 'open') return [];
  return stepNames.filter((step) => {
    const name = clockForStep(step, row);
    return name !== null && clocks.some((c) => c.name === name && isOpen(c));
  });
}

export class StepService {
  private readonly now: () => Date;

  constructor(private readonly deps: StepServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Record a step now. Refused (PolicyError) on a case that is not open, one held by another
   * colleague (unless a team lead records it), a step whose clock is not open, and, at stage 2,
   * for whoever handled stage 1 (Code 2024 6.13).
   */
  async record(caseId: string, step: StepName, by: StepActor, note?: string | null): Promise<StepRecorded> {
    const row = await this.mustGet(caseId);
    this.assertMayAct(row, by, stepVerb[step]);
    const name = clockForStep(step, row);
    const clocks = await this.deps.store.listClocks(caseId);
    const current = name ? clocks.find((c) => c.name === name) : undefined;
    if (!name || !current || !isOpen(current)) {
      throw new PolicyError(`${row.reference} has no open ${name ?? step.replace(/_/g, ' ')} clock: nothing to record`);
    }
    const at = this.now();
    const text = note?.trim() ? note.trim().slice(0, 2000) : null;
    const met = await this.deps.store.meetClock(caseId, name, at, by.actor, { step });
    if (!met) throw new PolicyError(`${row.reference}: the ${name} clock was met a moment ago`);
    if (current.status === 'running') await cancelClockJobs(this.deps.queues, caseId, [clockFromRow(current)]);
    let updated = row;
    let restarted: Clock[] = [];
    if (step === 'acknowledge') {
      updated = await this.deps.store.updateCase(caseId, { acknowledged_at: at }, by.actor, 'acknowledged', {
        stage: row.stage,
      });
      restarted = await this.restartFrom(row, 'acknowledge', at, by.actor);
    } else if (step === 'investigation_recorded') {
      restarted = await this.restartFrom(row, 'investigation_recorded', at, by.actor);
    }
    const onTime = at.getTime() <= new Date(met.due_at).getTime();
    const late = met.breached_at !== null;
    await this.deps.store.appendEvent(caseId, by.actor, 'step_recorded', {
      step,
      clock: name,
      at: at.toISOString(),
      dueAt: new Date(met.due_at).toISOString(),
      onTime,
      late,
      note: text,
    });
    if (step === 'acknowledge') await this.tellAcknowledged(updated, restarted, at);
    await this.caseUpdated(caseId, 'step_recorded', `${step}:${at.toISOString()}`);
    this.deps.logger.info({ caseId, step, clock: name, onTime }, 'step recorded');
    return { step, case: updated, clock: { ...met }, onTime, late, restarted };
  }

  // ── remedies ───────────────────────────────────────────────────────────────

  /** Record a remedy (Code 2024 section 7). `key` identifies the act: a retried click records it once. */
  async recordRemedy(caseId: string, input: NewRemedyInput, by: StepActor, key: string): Promise<CaseRemedy> {
    const row = await this.mustGet(caseId);
    this.assertMayAct(row, by, 'record a remedy on');
    if (!(remedyKinds as readonly string[]).includes(input.kind)) throw new PolicyError(`no remedy kind ${input.kind}`);
    const amount = input.amountPence ?? null;
    if (amount !== null && (!Number.isInteger(amount) || amount < 0 || amount > 100_000_000))
      throw new PolicyError('the amount must be a whole number of pence, from 0 to £1,000,000');
    if (input.kind === 'compensation' && amount === null) throw new PolicyError('compensation needs an amount');
    if (input.kind === 'apology' && amount !== null)
      throw new PolicyError('an apology has no amount: record compensation separately');
    const note = input.note?.trim().slice(0, 2000) ?? '';
    if (input.kind === 'other' && note === '') throw new PolicyError('say what the remedy is');
    const remedy = await this.deps.store.recordRemedy({
      id: stableUuid('remedy', caseId, key),
      caseId,
      kind: input.kind,
      amountPence: amount,
      note,
      actor: by.actor,
      at: this.now(),
    });
    await this.caseUpdated(caseId, 'remedy_recorded', remedy.id);
    return remedy;
  }

  /** Mark a remedy's money paid; refused if it has no amount or is already paid. */
  async markRemedyPaid(remedyId: string, by: StepActor): Promise<CaseRemedy> {
    const remedy = await this.deps.store.getRemedy(remedyId);
    if (!remedy) throw new NotFoundError(`no remedy ${remedyId}`);
    const row = await this.mustGet(remedy.case_id);
    this.assertMayAct(row, by, 'mark a remedy paid on');
    const paid = await this.deps.store.markRemedyPaid(remedyId, by.actor, this.now());
    await this.caseUpdated(row.id, 'remedy_paid', remedyId);
    return paid;
  }

  listRemedies(caseId: string): Promise<CaseRemedy[]> {
    return this.deps.store.listRemedies(caseId);
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  /** The holder, a team lead, or anyone on a case nobody holds; never the stage 1 handler at stage 2. */
  assertMayAct(row: Case, by: StepActor, what: string): void {
    // A remedy may be recorded or paid after the response (the money follows it); a step only while open.
    if (row.status !== 'open' && !(row.status === 'resolved' && what.includes('remedy')))
      throw new PolicyError(`${row.reference} is ${row.status}`);
    if (row.stage === 'stage2') assertStage2Independent(this.deps.cases.pack, row, by.actor, what);
    if (row.assignee && row.assignee !== by.actor && !by.lead) {
      throw new PolicyError(`${row.reference} is held by a colleague: only they or a team lead may ${what} it`);
    }
  }

  /**
   * The clocks that run from this step start again from it: a stage's response from the
   * acknowledgement itself (Code 2024 6.3 at stage 1, 6.14 at stage 2), not from its due date;
   * Awaab's Law's written summary and safety work from the investigation. Their old jobs are
   * withdrawn (and would be stale anyway, by due date) and new ones scheduled.
   */
  private async restartFrom(row: Case, step: StepName, at: Date, actor: string): Promise<Clock[]> {
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const policy = this.deps.cases.policyFor(customer?.uk_division ?? 'england-and-wales');
    const receivedAt = new Date(row.received_at);
    let fresh: Clock[];
    let reason: string;
    if (step === 'acknowledge') {
      const stageClocks =
        row.stage === 'stage2'
          ? clocksForStage2({ requestedAt: receivedAt, acknowledgedAt: at, ...policy })
          : clocksForStage1({ receivedAt, acknowledgedAt: at, ...policy });
      fresh = stageClocks.filter((c) => c.name.endsWith('_response'));
      reason = `acknowledged: the response runs from the acknowledgement (${row.stage === 'stage2' ? 'Code 2024 6.14' : 'Code 2024 6.3'})`;
    } else {
      fresh = clocksForAwaab({ reportedAt: receivedAt, investigatedAt: at, ...policy }).filter(
        (c) => c.name !== 'awaab_investigation',
      );
      reason = "investigated: the written summary and safety work run from the investigation (Awaab's Law)";
    }
    const before = (await this.deps.store.listClocks(row.id)).filter(
      (c) => c.status === 'running' && fresh.some((f) => f.name === c.name),
    );
    const names = new Set((await this.deps.store.restartClocks(row.id, fresh, actor, reason)).map((c) => c.name));
    const restarted = fresh.filter((c) => names.has(c.name));
    await cancelClockJobs(this.deps.queues, row.id, before.filter((c) => names.has(c.name)).map(clockFromRow));
    await scheduleClockJobs(this.deps.queues, row.id, restarted, at);
    return restarted;
  }

  /** The acknowledgement the customer gets: a notice with the response date, then the letter (Code 2024 6.2, 6.11). */
  private async tellAcknowledged(row: Case, restarted: readonly Clock[], at: Date): Promise<void> {
    const response = restarted.find((c) => c.name.endsWith('_response'));
    const stage = row.stage === 'stage2' ? '2' : '1';
    const message = await this.deps.cases.customerMessage(
      row,
      response ? 'steps:acknowledged' : 'steps:acknowledgedUndated',
      (lang) => ({
        reference: row.reference,
        stage,
        date: response ? formatLondonDate(response.dueAt, lang) : '',
      }),
    );
    if (message) {
      await this.deps.outbox.notify(message.conversationId, {
        id: stableUuid(row.id, 'acknowledged', row.stage, at.toISOString()),
        text: message.text,
        author: 'bot',
        caseId: row.id,
        locale: message.lang,
      });
    }
    const documents = this.deps.cases.documents;
    if (!documents) return;
    try {
      await documents.sendCaseLetter(row.id, 'acknowledgement', {}, { key: row.stage });
    } catch (error) {
      this.deps.logger.error({ caseId: row.id, err: (error as Error).message }, 'acknowledgement letter not sent');
    }
  }

  /** Cards show the change, once per act (`key`). */
  private async caseUpdated(caseId: string, change: string, key: string): Promise<void> {
    await this.deps.queues.add(
      'handoff',
      { type: 'case_updated', caseId, change },
      { id: jobId('case-updated', caseId, change, key) },
    );
  }

  private async mustGet(caseId: string): Promise<Case> {
    const row = await this.deps.store.getCase(caseId);
    if (!row) throw new NotFoundError(`no case ${caseId}`);
    return row;
  }
}
