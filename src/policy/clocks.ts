import type { WorkingDayCalendar } from './calendar.js';
import { endOfLondonDay, londonDateOf, type IsoDate } from './london-time.js';
import type { Hours, PolicyPack, WorkingDays } from './pack-schema.js';
import { workingDayReminder } from './reminders.js';

/**
 * Clocks: when each step of a case falls due under the chosen policy pack, as pure
 * functions of (pack, calendar, facts). Every number comes from the pack, and every
 * clock carries a human-readable basis naming its source, for staff and for audit.
 * Counting follows WorkingDayCalendar (receipt day is day 0; non-working days roll
 * forward; due at the end of the London working day).
 */

export const clockNames = [
  'ftf_resolve',
  'stage1_ack',
  'stage1_response',
  'stage2_ack',
  'stage2_response',
  'emergency_make_safe',
  'awaab_investigation',
  'awaab_summary',
  'awaab_safety_work',
] as const;
export type ClockName = (typeof clockNames)[number];

export interface Clock {
  name: ClockName;
  dueAt: Date;
  /** When to remind staff (the pack's lead before the due date); null when that moment is not after the start. */
  remindAt: Date | null;
  /** Why this date, e.g. "10 working days from acknowledgement (Code 2024 6.3)". */
  basis: string;
}

export interface PolicyContext {
  pack: PolicyPack;
  calendar: WorkingDayCalendar;
  /**
   * The nation of the home when known (docs/rules/nations.md#awaabs-law-by-nation): Awaab's
   * Law is England's, so a known nation decides; unknown, the pack's divisions do.
   */
  country?: 'england' | 'wales' | 'scotland' | 'northern_ireland' | null;
}

export type ContactKind = 'enquiry' | 'first_time_fix' | 'formal_complaint' | 'emergency';

export interface NewCaseFacts extends PolicyContext {
  kind: ContactKind;
  receivedAt: Date;
  flags: {
    /** A report of damp or mould: starts the Awaab's Law clocks (docs/rules/hazards.md#awaabs-law-steps). */
    dampMould: boolean;
    /** An emergency whatever the kind (e.g. a complaint that reports a gas smell). */
    emergency?: boolean;
  };
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function coverageNote(calendar: WorkingDayCalendar, ...dates: IsoDate[]): string {
  const outside = dates.filter((d) => !calendar.covers(d));
  if (outside.length === 0) return '';
  // Not an error: a late snapshot should not stop cases being logged, but staff should see why a date may be early.
  return ` [bank holidays for ${calendar.division} are known only from ${calendar.coveredFrom} to ${calendar.coveredThrough}; only weekends were skipped outside that range]`;
}

/** A deadline without its name: what every clock and service standard computes. */
export type Deadline = Omit<Clock, 'name'>;

/** Due n working days after `startAt` (day 0 = the start's London working day). */
export function dueAfterWorkingDays(
  startAt: Date,
  timescale: WorkingDays,
  fromWhat: string,
  ctx: PolicyContext,
): Deadline {
  const startDate = ctx.calendar.dayZero(startAt);
  const dueDate = ctx.calendar.addWorkingDaysToDate(startDate, timescale.workingDays);
  return {
    dueAt: endOfLondonDay(dueDate),
    remindAt: workingDayReminder(dueDate, startAt, ctx),
    basis: `${plural(timescale.workingDays, 'working day')} from ${fromWhat} (${timescale.source})${coverageNote(ctx.calendar, startDate, dueDate)}`,
  };
}

/** Due n elapsed hours after `startAt`: emergencies run through nights, weekends and clock changes. */
export function dueAfterHours(startAt: Date, timescale: Hours, fromWhat: string, { pack }: PolicyContext): Deadline {
  const dueAt = new Date(startAt.getTime() + timescale.hours * 3_600_000);
  const remind = new Date(dueAt.getTime() - pack.reminders.leadHours * 3_600_000);
  return {
    dueAt,
    remindAt: pack.reminders.leadHours > 0 && remind.getTime() > startAt.getTime() ? remind : null,
    basis: `${plural(timescale.hours, 'hour')} from ${fromWhat} (${timescale.source})`,
  };
}

function workingDayClock(
  name: ClockName,
  startAt: Date,
  timescale: WorkingDays,
  fromWhat: string,
  ctx: PolicyContext,
): Clock {
  return { name, ...dueAfterWorkingDays(startAt, timescale, fromWhat, ctx) };
}

function hoursClock(name: ClockName, startAt: Date, timescale: Hours, fromWhat: string, ctx: PolicyContext): Clock {
  return { name, ...dueAfterHours(startAt, timescale, fromWhat, ctx) };
}

/** Every clock a new contact starts. An enquiry starts none unless it is an emergency or reports damp or mould. */
export function clocksForNewCase(facts: NewCaseFacts): Clock[] {
  const { kind, receivedAt, flags, pack, calendar } = facts;
  const ctx: PolicyContext = { pack, calendar, country: facts.country ?? null };
  const clocks: Clock[] = [];
  if (kind === 'first_time_fix') {
    const ftf = pack.complaints.firstTimeFix;
    const what =
      ftf.mode === 'service_fix_with_offer'
        ? 'receipt, as a service fix with the complaint offer recorded; unresolved it becomes stage 1'
        : 'receipt, as an informal complaint; unresolved it becomes formal';
    // Cite both the timescale and the rule that makes it a fix or an informal stage.
    const resolve = { ...ftf.resolve, source: `${ftf.resolve.source}; ${ftf.source}` };
    clocks.push(workingDayClock('ftf_resolve', receivedAt, resolve, what, ctx));
  }
  if (kind === 'formal_complaint') clocks.push(...clocksForStage1({ receivedAt, pack, calendar }));
  if (kind === 'emergency' || flags.emergency === true) clocks.push(emergencyClock(receivedAt, ctx));
  if (flags.dampMould && awaabApplies(receivedAt, ctx))
    clocks.push(...clocksForAwaab({ reportedAt: receivedAt, pack, calendar }));
  return clocks;
}

function emergencyClock(receivedAt: Date, ctx: PolicyContext): Clock {
  const { emergency, awaabsLaw } = ctx.pack;
  // Where Awaab's Law also applies, the stricter of the two 24-hour rules binds.
  if (awaabApplies(receivedAt, ctx) && awaabsLaw.emergencyHazard.hours < emergency.makeSafe.hours) {
    return hoursClock('emergency_make_safe', receivedAt, awaabsLaw.emergencyHazard, 'report', ctx);
  }
  const clock = hoursClock('emergency_make_safe', receivedAt, emergency.makeSafe, 'report', ctx);
  if (awaabApplies(receivedAt, ctx)) clock.basis += `; emergency hazards: ${awaabsLaw.emergencyHazard.source}`;
  return clock;
}

/** Awaab's Law binds reports made on or after it came into force, in the divisions the pack lists. */
export function awaabApplies(reportedAt: Date, { pack, calendar, country }: PolicyContext): boolean {
  const law = pack.awaabsLaw;
  const inScope = country ? country === 'england' : law.appliesIn.includes(calendar.division);
  return londonDateOf(reportedAt) >= law.inForceFrom && inScope;
}

export interface Stage1Facts extends PolicyContext {
  receivedAt: Date;
  acknowledgedAt?: Date;
}

/**
 * A stage's acknowledgement and response. The response runs from acknowledgement
 * (Code 2024 6.3, 6.14; seed 004); until the complaint is acknowledged, we assume
 * acknowledgement on its last allowed day, so the response date shown is the latest the
 * pack allows.
 */
function stageClocks(
  names: { ack: ClockName; response: ClockName },
  startedAt: Date,
  startedBy: string,
  acknowledgedAt: Date | undefined,
  stage: PolicyPack['complaints']['stage1'] | PolicyPack['complaints']['stage2'],
  ctx: PolicyContext,
): Clock[] {
  const ack = workingDayClock(names.ack, startedAt, stage.acknowledge, startedBy, ctx);
  const response = acknowledgedAt
    ? workingDayClock(names.response, acknowledgedAt, stage.respondAfterAcknowledgement, 'acknowledgement', ctx)
    : workingDayClock(
        names.response,
        ack.dueAt,
        stage.respondAfterAcknowledgement,
        'the acknowledgement due date (not yet acknowledged)',
        ctx,
      );
  return [ack, response];
}

export interface Stage1Facts extends PolicyContext {
  receivedAt: Date;
  acknowledgedAt?: Date;
}

/** Stage 1 acknowledgement and response (Code 2024 6.2, 6.3). */
export function clocksForStage1({ receivedAt, acknowledgedAt, pack, calendar }: Stage1Facts): Clock[] {
  return stageClocks(
    { ack: 'stage1_ack', response: 'stage1_response' },
    receivedAt,
    'receipt',
    acknowledgedAt,
    pack.complaints.stage1,
    { pack, calendar },
  );
}

export interface Stage2Facts extends PolicyContext {
  /** When the customer asked for stage 2. */
  requestedAt: Date;
  acknowledgedAt?: Date;
}

/** Stage 2 acknowledgement and response, on the same rule as stage 1 (Code 2024 6.11, 6.14; seed 004). */
export function clocksForStage2({ requestedAt, acknowledgedAt, pack, calendar }: Stage2Facts): Clock[] {
  return stageClocks(
    { ack: 'stage2_ack', response: 'stage2_response' },
    requestedAt,
    'the stage 2 request',
    acknowledgedAt,
    pack.complaints.stage2,
    { pack, calendar },
  );
}

export interface AwaabFacts extends PolicyContext {
  reportedAt: Date;
  /** When the investigation concluded; until then the summary and safety work run from the investigation's due date. */
  investigatedAt?: Date;
}

/** Awaab's Law damp and mould clocks: investigation, then written summary and safety work. */
export function clocksForAwaab({ reportedAt, investigatedAt, pack, calendar }: AwaabFacts): Clock[] {
  const ctx = { pack, calendar };
  const law = pack.awaabsLaw;
  const investigation = workingDayClock('awaab_investigation', reportedAt, law.investigation, 'the report', ctx);
  const from = investigatedAt ?? investigation.dueAt;
  const fromWhat = investigatedAt ? 'the investigation' : 'the investigation due date (not yet investigated)';
  return [
    investigation,
    workingDayClock('awaab_summary', from, law.writtenSummaryAfterInvestigation, fromWhat, ctx),
    workingDayClock('awaab_safety_work', from, law.safetyWorkAfterInvestigation, fromWhat, ctx),
  ];
}
