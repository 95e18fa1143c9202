import type { ChannelId } from '../channel-id.js';
import type { CaseServiceStore } from '../cases/ports.js';
import { scheduleClockJobs, cancelClockJobs, clockFromRow, type JobSink } from '../cases/sla-jobs.js';
import type { Case, CaseClock, RightsCaseKind } from '../db/rows.js';
import { NotFoundError, PolicyError } from '../errors.js';
import type { Calendars, PolicyPack } from '../policy/index.js';
import { addCalendarMonths, endOfLondonDay, londonDateOf } from '../policy/london-time.js';
import { workingDayReminder } from '../policy/reminders.js';
import { jobId } from '../queues/definitions.js';

/** The one clock a rights request runs on (UK GDPR Art. 12(3); docs/rules/data-protection.md#subject-access). */
export const rightsClockName = 'rights_response';

export type RightsStore = Pick<CaseServiceStore, 'createCase' | 'getCase' | 'getCaseByOrigin' | 'listClocks'> &
  Pick<CaseServiceStore, 'attachMessageToCase' | 'extendClock' | 'getCustomer'>;

export interface RightsRequestInput {
  kind: RightsCaseKind;
  customerId: string | null;
  conversationId: string | null;
  channelId: ChannelId;
  /** The request in the customer's words. */
  words: string;
  originMessageId?: string | null;
  messageIds?: readonly string[];
  receivedAt: Date;
  /** @defaultValue 'bot' */
  actor?: string;
}

/**
 * "Within one month of receipt": the corresponding calendar date in the next month (the
 * month's last day when there is none), to the end of that London day (ICO guidance).
 */
export function rightsDueAt(receivedAt: Date, months: number): Date {
  return endOfLondonDay(addCalendarMonths(londonDateOf(receivedAt), months));
}

export class RightsRequests {
  constructor(
    private readonly deps: {
      store: RightsStore;
      queues: JobSink;
      pack: PolicyPack;
      calendars: Calendars;
      now: () => Date;
    },
  ) {}

  /** A subject access or erasure request: a case of its own kind, for the data protection team, due in a month. */
  async open(input: RightsRequestInput): Promise<{ case: Case; clocks: CaseClock[]; replayed: boolean }> {
    const { store, queues, pack, calendars } = this.deps;
    if (input.originMessageId) {
      const existing = await store.getCaseByOrigin(input.originMessageId);
      if (existing) return { case: existing, clocks: await store.listClocks(existing.id), replayed: true };
    }
    const customer = input.customerId ? await store.getCustomer(input.customerId) : undefined;
    const calendar = calendars[customer?.uk_division ?? 'england-and-wales'];
    const { respondCalendarMonths, source } = pack.dataProtection.rightsRequests;
    const dueAt = rightsDueAt(input.receivedAt, respondCalendarMonths);
    const clock = {
      name: rightsClockName,
      dueAt,
      remindAt: workingDayReminder(londonDateOf(dueAt), this.deps.now(), { pack, calendar }),
      basis: `${respondCalendarMonths} calendar month${respondCalendarMonths === 1 ? '' : 's'} from receipt (${source})`,
    };
    const actor = input.actor ?? 'bot';
    const created = await store.createCase({
      kind: input.kind,
      stage: 'none',
      category: null,
      team: pack.dataProtection.team,
      flags: [input.kind],
      policyPack: pack.id,
      customerId: input.customerId,
      conversationId: input.conversationId,
      channelId: input.channelId,
      customerWords: input.words,
      receivedAt: input.receivedAt,
      clocks: [clock],
      actor,
      originMessageId: input.originMessageId ?? null,
    });
    for (const id of input.messageIds ?? []) await store.attachMessageToCase(id, created.id);
    await scheduleClockJobs(queues, created.id, [clock], this.deps.now());
    await queues.add(
      'handoff',
      { type: 'case_created', caseId: created.id },
      { id: jobId('case-created', created.id) },
    );
    return { case: created, clocks: await store.listClocks(created.id), replayed: false };
  }

  /**
   * Art. 12(3): extended by up to the pack's further months where requests are complex or
   * numerous, with the reason; the customer must be told within the first month.
   */
  async extend(caseId: string, newDueAt: Date, reason: string, actor: string): Promise<CaseClock> {
    const { store, queues, pack } = this.deps;
    const row = await store.getCase(caseId);
    if (!row || (row.kind !== 'subject_access' && row.kind !== 'erasure_request'))
      throw new NotFoundError(`no rights request ${caseId}`);
    const current = (await store.listClocks(caseId)).find((c) => c.name === rightsClockName);
    if (!current || current.status !== 'running') throw new NotFoundError(`${row.reference} has no running clock`);
    if (reason.trim() === '') throw new PolicyError('an extension needs a reason (UK GDPR Art. 12(3))');
    const { extensionCalendarMonths, source } = pack.dataProtection.rightsRequests;
    const latest = endOfLondonDay(
      addCalendarMonths(londonDateOf(new Date(current.original_due_at)), extensionCalendarMonths),
    );
    if (newDueAt.getTime() > latest.getTime())
      throw new PolicyError(
        `at most ${extensionCalendarMonths} further months: no later than ${londonDateOf(latest)} (${source})`,
      );
    if (newDueAt.getTime() <= new Date(current.due_at).getTime())
      throw new PolicyError('the new date must be after the current one');
    if (this.deps.now().getTime() > new Date(current.original_due_at).getTime())
      throw new PolicyError(`the customer must be told of an extension within the first month (${source})`);
    await cancelClockJobs(queues, caseId, [clockFromRow(current)]);
    const extended = await store.extendClock(caseId, rightsClockName, newDueAt, 0, reason, actor);
    await scheduleClockJobs(
      queues,
      caseId,
      [{ name: rightsClockName, dueAt: newDueAt, remindAt: null }],
      this.deps.now(),
    );
    return extended;
  }
}
