import { randomUUID } from 'node:crypto';
import { channelIds } from '../channel-id.js';
import type { Queryable } from '../db/database.js';
import {
  clocksForAwaab,
  clocksForNewCase,
  clocksForStage1,
  clocksForStage2,
  endOfLondonDay,
  londonDateOf,
  type Clock,
  type PolicyPack,
  type WorkingDayCalendar,
} from '../policy/index.js';
import type { ReportPeriod } from './period.js';

/**
 * A year of made-up cases written straight into the record, for the sample report in the
 * README (`npm run -s report -- --sample`) and the report's tests: received, acknowledged on
 * time and late, extended within and beyond the cap, escalated, responded, refused, across
 * channels, with remedies and survey answers. Dates follow the pack and the calendar (the
 * same clock functions the gateway uses); the same seed gives the same year. No real person.
 */

export interface SampleYearOptions {
  db: Queryable;
  period: ReportPeriod;
  pack: PolicyPack;
  calendar: WorkingDayCalendar;
  cases: number;
  /** @defaultValue 17 */
  seed?: number;
}

type Row = Record<string, unknown>;
/**
 * How often each channel is used, by its place among the channels known (the core's SMS,
 * WhatsApp and web chat first, then registered ones such as social media).
 */
function channelWeights(): Record<string, number> {
  return Object.fromEntries(channelIds().map((id, i) => [id, [30, 20, 25, 10, 5, 10][i] ?? 5]));
}
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** mulberry32: small, seedable, good enough to scatter dates. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateSampleYear(options: SampleYearOptions): Promise<{ cases: number }> {
  const { db, period, pack, calendar } = options;
  const rnd = random(options.seed ?? 17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const weighted = <T extends string>(weights: Record<T, number>): T => {
    let r = rnd() * Object.values<number>(weights).reduce((a, b) => a + b, 0);
    for (const [k, w] of Object.entries<number>(weights)) if ((r -= w) < 0) return k as T;
    return Object.keys(weights)[0] as T;
  };
  const between = (from: Date, to: Date) =>
    new Date(from.getTime() + rnd() * Math.max(0, to.getTime() - from.getTime()));
  const ctx = { pack, calendar };
  const now = new Date(period.end.getTime() + 20 * DAY);
  const rows = { conversations: [] as Row[], messages: [] as Row[], cases: [] as Row[], clocks: [] as Row[] };
  const more = { events: [] as Row[], remedies: [] as Row[], surveys: [] as Row[] };
  const staff = ['staff:U01', 'staff:U02', 'staff:U03', 'staff:U04', 'staff:U05'];
  // Either side of each boundary, in London time: 00:30 BST on the first day is in, 23:59 BST the day before is out.
  const edges = [
    new Date(period.start.getTime() + 30 * 60_000),
    new Date(period.start.getTime() - 60_000),
    new Date(period.end.getTime() - 30 * 60_000),
    new Date(period.end.getTime()),
  ];

  const weights = channelWeights();
  for (let i = 0; i < options.cases; i++) {
    const id = randomUUID();
    const receivedAt = edges[i] ?? between(new Date(period.start.getTime() - 15 * DAY), period.end);
    const kind = weighted({ enquiry: 20, first_time_fix: 25, formal_complaint: 50, emergency: 5 });
    const channelId = weighted(weights);
    const category = pick(pack.categories).id;
    const flags = [
      ...(category === 'damp_mould' || rnd() < 0.05 ? ['damp_mould'] : []),
      ...(rnd() < 0.08 ? ['vulnerable'] : []),
      ...(rnd() < 0.1 ? ['repeat_issue'] : []),
    ];
    const conversationId = randomUUID();
    rows.conversations.push({
      id: conversationId,
      channel_id: channelId,
      address: `sample-${i}`,
      our_address: 'sample',
      created_at: receivedAt,
    });
    const inbound = 1 + Math.floor(rnd() * 3);
    for (let m = 0; m < inbound; m++)
      rows.messages.push({
        id: randomUUID(),
        conversation_id: conversationId,
        case_id: id,
        direction: 'inbound',
        channel_id: channelId,
        author: 'customer',
        text: 'sample message',
        status: 'processed',
        created_at: new Date(receivedAt.getTime() + m * 60_000),
      });
    const c: Row = {
      id,
      reference: `SMP-${String(i + 1).padStart(6, '0')}`,
      kind,
      stage: kind === 'formal_complaint' ? 'stage1' : kind === 'first_time_fix' ? 'first_time_fix' : 'none',
      status: 'open',
      priority: kind === 'emergency' ? 'emergency' : 'normal',
      category,
      flags,
      policy_pack: pack.id,
      conversation_id: conversationId,
      channel_id: channelId,
      customer_words: 'sample',
      received_at: receivedAt,
    };
    rows.cases.push(c);
    more.events.push({ case_id: id, actor: 'bot', type: 'case_created', data: { kind }, at: receivedAt });
    const clock = (k: Clock, status: string, metAt: Date | null, extra: Row = {}) => {
      const breachedAt = status === 'breached' ? k.dueAt : null;
      rows.clocks.push({
        case_id: id,
        name: k.name,
        due_at: k.dueAt,
        original_due_at: k.dueAt,
        basis: k.basis,
        status,
        met_at: metAt,
        breached_at: breachedAt,
        ...extra,
      });
    };
    // A clock met on time, late (sometimes after being marked missed), or still open / missed by `now`.
    const conclude = (k: Clock, from: Date, onTime: number, late: number): Date | null => {
      const r = rnd();
      if (r < onTime) {
        const at = between(from, new Date(Math.min(k.dueAt.getTime(), from.getTime() + 8 * DAY)));
        return at > now ? (clock(k, 'running', null), null) : (clock(k, 'met', at), at);
      }
      if (r < onTime + late) {
        const at = new Date(k.dueAt.getTime() + (1 + rnd() * 6) * DAY);
        if (at > now) return (clock(k, 'running', null), null);
        clock(k, rnd() < 0.5 ? 'met' : 'breached', at);
        return at;
      }
      clock(k, k.dueAt > now ? 'running' : 'breached', null);
      return null;
    };

    let stage1From: Date | null = kind === 'formal_complaint' ? receivedAt : null;
    if (kind === 'emergency') {
      for (const k of clocksForNewCase({ kind, receivedAt, flags: { dampMould: false, emergency: true }, ...ctx }))
        conclude(k, receivedAt, 0.9, 0.08);
      c.status = 'resolved';
    }
    if (kind === 'first_time_fix') {
      const [ftf] = clocksForNewCase({ kind, receivedAt, flags: { dampMould: false }, ...ctx });
      const r = rnd();
      if (ftf && r < 0.7) {
        const at = conclude(ftf, receivedAt, 0.85, 0.15);
        if (at) Object.assign(c, { status: 'resolved', resolved_at: at });
      } else if (ftf) {
        // Not put right: missed and converted by the clock, or the customer asked first.
        const asked = r < 0.85 ? between(receivedAt, ftf.dueAt) : null;
        clock(ftf, asked ? 'cancelled' : 'breached', null);
        stage1From = asked ?? receivedAt;
        const at = asked ?? new Date(ftf.dueAt.getTime() + 1);
        Object.assign(c, { kind: 'formal_complaint', stage: 'stage1' });
        more.events.push({
          case_id: id,
          actor: asked ? 'bot' : 'system:sla',
          type: 'became_stage1',
          data: { automatic: !asked, stage1ReceivedAt: stage1From.toISOString() },
          at,
        });
      }
    }
    if (flags.includes('damp_mould') && londonDateOf(receivedAt) >= pack.awaabsLaw.inForceFrom) {
      const [investigation, ...after] = clocksForAwaab({ reportedAt: receivedAt, ...ctx });
      const investigated = investigation ? conclude(investigation, receivedAt, 0.8, 0.15) : null;
      const later = investigated
        ? clocksForAwaab({ reportedAt: receivedAt, investigatedAt: investigated, ...ctx })
        : after;
      for (const k of later.filter((x) => x.name !== 'awaab_investigation'))
        if (investigated) conclude(k, investigated, 0.75, 0.2);
        else clock(k, 'cancelled', null);
    }
    if (stage1From) {
      const handler1 = pick(staff);
      c.stage1_handler = handler1;
      const [ack] = clocksForStage1({ receivedAt: stage1From, ...ctx });
      if (!ack) continue;
      const fate = rnd();
      if (fate < 0.06) {
        // Refused, for one of the pack's reasons, once acknowledged.
        clock(ack, 'met', new Date(stage1From.getTime() + DAY));
        const closedAt = new Date(stage1From.getTime() + 3 * DAY);
        Object.assign(c, {
          status: 'refused',
          refusal_reason: pick(pack.complaints.refusalReasons).id,
          closed_at: closedAt,
        });
        continue;
      }
      const acknowledgedAt = conclude(ack, stage1From, 0.85, 0.12);
      if (!acknowledgedAt) continue;
      c.acknowledged_at = acknowledgedAt;
      if (fate < 0.09) {
        const [, response] = clocksForStage1({ receivedAt: stage1From, acknowledgedAt, ...ctx });
        if (response) clock(response, 'cancelled', null);
        Object.assign(c, { status: 'withdrawn', closed_at: new Date(acknowledgedAt.getTime() + DAY) });
        continue;
      }
      const responded = stageResponse(
        clocksForStage1({ receivedAt: stage1From, acknowledgedAt, ...ctx })[1],
        'stage1',
        acknowledgedAt,
      );
      if (!responded) continue;
      const outcome1 = { outcome: pick(['upheld', 'partly_upheld', 'not_upheld'] as const) };
      Object.assign(c, { status: 'resolved', resolved_at: responded, resolution: outcome1 });
      remedy(outcome1.outcome, responded);
      if (rnd() < 0.22) {
        const requestedAt = new Date(responded.getTime() + (1 + rnd() * 20) * DAY);
        if (requestedAt > now) continue;
        more.events.push({
          case_id: id,
          actor: 'bot',
          type: 'stage2_requested',
          data: { requestedAt: requestedAt.toISOString(), stage1Resolution: outcome1 },
          at: requestedAt,
        });
        const handler2 = rnd() < 0.05 ? null : pick(staff.filter((s) => s !== handler1));
        Object.assign(c, {
          stage: 'stage2',
          status: 'open',
          resolution: null,
          resolved_at: null,
          stage2_handler: handler2,
        });
        const [ack2] = clocksForStage2({ requestedAt, ...ctx });
        const ack2At = ack2 ? conclude(ack2, requestedAt, 0.85, 0.12) : null;
        if (!ack2At) continue;
        c.acknowledged_at = ack2At;
        const responded2 = stageResponse(
          clocksForStage2({ requestedAt, acknowledgedAt: ack2At, ...ctx })[1],
          'stage2',
          ack2At,
        );
        if (!responded2) continue;
        const outcome2 = { outcome: pick(['upheld', 'partly_upheld', 'not_upheld'] as const) };
        Object.assign(c, { status: 'resolved', resolved_at: responded2, resolution: outcome2 });
        remedy(outcome2.outcome, responded2);
      }
      if (c.status === 'resolved' && rnd() < 0.5) survey(c.resolved_at as Date);
    }

    // A response clock, maybe extended within or beyond the pack's cap, then met or not.
    function stageResponse(k: Clock | undefined, stage: 'stage1' | 'stage2', from: Date): Date | null {
      if (!k) return null;
      const cap = pack.complaints[stage].extensionCap.workingDays;
      const r = rnd();
      const days = r < 0.12 ? 1 + Math.floor(rnd() * cap) : r < 0.17 ? cap + 1 + Math.floor(rnd() * 5) : 0;
      const dueAt = days === 0 ? k.dueAt : endOfLondonDay(calendar.addWorkingDaysToDate(londonDateOf(k.dueAt), days));
      const extended = { ...k, dueAt };
      const before = rows.clocks.length;
      // Some answered in the extension's extra days (on time only if within the cap).
      const at = conclude(extended, days > 0 && rnd() < 0.5 ? k.dueAt : from, 0.75, 0.15);
      const written = rows.clocks[before];
      if (written && days > 0)
        Object.assign(written, {
          original_due_at: k.dueAt,
          extended_working_days: days,
          extension_reason: 'waiting for a contractor report',
        });
      return at;
    }
    function remedy(outcome: string, at: Date): void {
      if (outcome === 'not_upheld') return;
      more.remedies.push({ id: randomUUID(), case_id: id, kind: 'apology', recorded_by: handlerOf(), recorded_at: at });
      if (rnd() < 0.45) {
        const paid = rnd() < 0.7 ? new Date(at.getTime() + (2 + rnd() * 20) * DAY) : null;
        more.remedies.push({
          id: randomUUID(),
          case_id: id,
          kind: 'compensation',
          amount_pence: 2500 + Math.floor(rnd() * 40) * 1250,
          paid_at: paid && paid < now ? paid : null,
          recorded_by: handlerOf(),
          recorded_at: at,
        });
      }
    }
    function handlerOf(): string {
      return (c.stage2_handler as string | undefined) ?? (c.stage1_handler as string | undefined) ?? 'staff:U01';
    }
    function survey(closedAt: Date): void {
      const sentAt = new Date(closedAt.getTime() + 2 * HOUR);
      if (sentAt > now) return;
      const answered = rnd() < 0.6;
      const score = weighted({ 1: 8, 2: 10, 3: 20, 4: 35, 5: 27 });
      more.surveys.push({
        case_id: id,
        conversation_id: conversationId,
        channel_id: channelId,
        locale: 'en',
        status: answered ? 'answered' : 'expired',
        sent_at: sentAt,
        chased_at: answered ? null : new Date(sentAt.getTime() + 3 * DAY),
        satisfaction: answered ? Number(score) : null,
        handled_fairly: answered ? Number(score) >= 3 || rnd() < 0.2 : null,
        comment: answered && rnd() < 0.4 ? 'sample comment' : null,
        answered_at: answered ? new Date(sentAt.getTime() + (1 + rnd() * 30) * HOUR) : null,
      });
    }
  }
  await insertRows(db, 'conversations', rows.conversations);
  await insertRows(db, 'cases', rows.cases);
  await insertRows(db, 'messages', rows.messages);
  await insertRows(db, 'case_clocks', rows.clocks);
  await insertRows(db, 'case_events', more.events);
  await insertRows(db, 'case_remedies', more.remedies);
  await insertRows(db, 'survey_responses', more.surveys);
  return { cases: options.cases };
}

/** Many rows in few statements; rows with the same columns go together, so a column left out keeps its default. */
async function insertRows(db: Queryable, table: string, rows: readonly Row[]): Promise<void> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = Object.keys(row).sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const [key, group] of groups) {
    const columns = key.split(',');
    const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
    for (let i = 0; i < group.length; i += perStatement) {
      const params: unknown[] = [];
      const values = group.slice(i, i + perStatement).map(
        (row) =>
          `(${columns
            .map((col) => {
              const v = row[col];
              const plainObject = v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v);
              params.push(plainObject ? JSON.stringify(v) : (v ?? null));
              return `$${params.length}`;
            })
            .join(', ')})`,
      );
      await db.query(`insert into ${table} (${columns.join(', ')}) values ${values.join(', ')}`, params);
    }
  }
}
