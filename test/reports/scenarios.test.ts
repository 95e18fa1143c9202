import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { buildReport } from '../../src/reports/measures.js';
import { csvRows, toCsv } from '../../src/reports/render.js';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { afterAll, beforeAll } from 'vitest';
import { pack, year } from './year.js';

/**
 * A handful of complaints whose figures are known by hand: the edges of the period in London
 * time, acknowledgements on time and late, extensions within and beyond the Code's cap.
 */

const at = (iso: string) => new Date(iso);

interface Complaint {
  ref: string;
  receivedAt: string;
  ack: { due: string; met: string | null };
  response?: { originalDue: string; due?: string; extended?: number; met: string | null };
  refused?: string;
  channel?: string;
}

async function complaint(db: Database, c: Complaint): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into cases (id, reference, kind, stage, status, policy_pack, channel_id, customer_words, received_at, refusal_reason, closed_at, resolution)
     values ($1, $2, 'formal_complaint', 'stage1', $3, 'code-2024', $4, 'words', $5, $6, $7, $8)`,
    [
      id,
      c.ref,
      c.refused ? 'refused' : 'open',
      c.channel ?? 'sms',
      at(c.receivedAt),
      c.refused ?? null,
      c.refused ? at('2026-09-01T12:00:00Z') : null,
      JSON.stringify({ outcome: 'upheld' }),
    ],
  );
  const clock = async (name: string, due: string, original: string, ext: number, met: string | null) =>
    db.query(
      `insert into case_clocks (case_id, name, due_at, original_due_at, basis, extended_working_days, extension_reason, status, met_at)
       values ($1, $2, $3, $4, 'test', $5, $6, $7, $8)`,
      [
        id,
        name,
        at(due),
        at(original),
        ext,
        ext > 0 ? 'a survey' : null,
        met ? 'met' : 'running',
        met ? at(met) : null,
      ],
    );
  await clock('stage1_ack', c.ack.due, c.ack.due, 0, c.ack.met);
  if (c.response)
    await clock(
      'stage1_response',
      c.response.due ?? c.response.originalDue,
      c.response.originalDue,
      c.response.extended ?? 0,
      c.response.met,
    );
  return id;
}

describe.each(backends)('known complaints on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
    const db = t.db;
    const ack = { due: '2026-05-08T22:59:59Z', met: '2026-05-05T09:00:00Z' };
    const response = { originalDue: '2026-05-19T22:59:59Z' };
    // A: on time, not extended.
    await complaint(db, {
      ref: 'A',
      receivedAt: '2026-05-01T10:00:00Z',
      ack,
      response: { ...response, met: '2026-05-18T10:00:00Z' },
    });
    // B: acknowledged late; extended 5 working days (within the cap of 10) and answered in the extension.
    await complaint(db, {
      ref: 'B',
      receivedAt: '2026-05-01T10:00:00Z',
      ack: { due: ack.due, met: '2026-05-11T09:00:00Z' },
      response: { ...response, due: '2026-05-26T22:59:59Z', extended: 5, met: '2026-05-22T10:00:00Z' },
    });
    // C: extended 15 working days, beyond the cap, answered after the original date: not within the Code's timescale.
    await complaint(db, {
      ref: 'C',
      receivedAt: '2026-05-01T10:00:00Z',
      ack,
      response: { ...response, due: '2026-06-09T22:59:59Z', extended: 15, met: '2026-06-01T10:00:00Z' },
    });
    // D: extended beyond the cap but answered by the original date: within.
    await complaint(db, {
      ref: 'D',
      receivedAt: '2026-05-01T10:00:00Z',
      ack,
      response: { ...response, due: '2026-06-09T22:59:59Z', extended: 15, met: '2026-05-19T10:00:00Z' },
    });
    // E: answered after its due date.
    await complaint(db, {
      ref: 'E',
      receivedAt: '2026-05-01T10:00:00Z',
      ack,
      response: { ...response, met: '2026-05-21T10:00:00Z' },
      channel: 'directline',
    });
    // F: received at 00:30 BST on 1 April 2026 (in the year), answered at 23:30 BST on 31 March 2027 (in the year).
    await complaint(db, {
      ref: 'F',
      receivedAt: '2026-03-31T23:30:00Z',
      ack: { due: '2026-04-09T22:59:59Z', met: '2026-04-02T09:00:00Z' },
      response: {
        originalDue: '2027-03-31T22:59:59Z',
        due: '2027-04-01T22:59:59Z',
        extended: 1,
        met: '2027-03-31T22:30:00Z',
      },
    });
    // G: received at 23:30 BST on 31 March 2026: last year's.
    await complaint(db, {
      ref: 'G',
      receivedAt: '2026-03-31T22:30:00Z',
      ack: { due: '2026-04-08T22:59:59Z', met: null },
    });
    // H: answered at 00:30 BST on 1 April 2027: next year's response.
    await complaint(db, {
      ref: 'H',
      receivedAt: '2027-03-10T10:00:00Z',
      ack: { due: '2027-03-17T23:59:59Z', met: '2027-03-11T09:00:00Z' },
      response: { originalDue: '2027-04-05T22:59:59Z', met: '2027-03-31T23:30:00Z' },
    });
    // I: refused as older than 12 months.
    await complaint(db, {
      ref: 'I',
      receivedAt: '2026-08-20T10:00:00Z',
      ack: { due: '2026-08-28T22:59:59Z', met: '2026-08-21T09:00:00Z' },
      refused: 'older_than_12_months',
    });
    // J: stage 1 answered on time, then stage 2 asked for, extended the full 20 days and answered in them.
    const j = await complaint(db, {
      ref: 'J',
      receivedAt: '2026-06-01T10:00:00Z',
      ack: { due: '2026-06-08T22:59:59Z', met: '2026-06-02T09:00:00Z' },
      response: { originalDue: '2026-06-16T22:59:59Z', met: '2026-06-15T10:00:00Z' },
    });
    await db.query(
      `insert into case_events (case_id, actor, type, data, at) values ($1, 'bot', 'stage2_requested', $2, '2026-06-20T10:00:00Z')`,
      [j, JSON.stringify({ requestedAt: '2026-06-20T10:00:00Z', stage1Resolution: { outcome: 'not_upheld' } })],
    );
    await db.query(
      `insert into case_clocks (case_id, name, due_at, original_due_at, basis, extended_working_days, extension_reason, status, met_at)
       values ($1, 'stage2_response', '2026-08-21T22:59:59Z', '2026-07-24T22:59:59Z', 'test', 20, 'expert report', 'met', '2026-08-20T10:00:00Z')`,
      [j],
    );
    await db.query(`update cases set stage = 'stage2', resolution = '{"outcome":"partly_upheld"}' where id = $1`, [j]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('counts each as the Code and the period say', async () => {
    const r = await buildReport({ db: t.db, period: year, homes: 2_000, pack });
    expect(r.ch01).toEqual({
      stage1Received: 9,
      stage2Received: 1,
      stage1PerThousandHomes: 4.5,
      stage2PerThousandHomes: 0.5,
    });
    expect(r.ch02).toMatchObject({
      stage1Responded: 7,
      stage1WithinTimescale: 5,
      stage1Percent: 71.4,
      stage1Extended: 4,
      stage1ExtendedBeyondCap: 2,
      stage2Responded: 1,
      stage2WithinTimescale: 1,
      stage2Percent: 100,
      stage2ExtendedBeyondCap: 0,
    });
    expect(r.acknowledgements.stage1).toEqual({ concluded: 9, onTime: 8, percent: 88.9 });
    expect(r.outcomes.stage1).toMatchObject({ upheld: 6, not_upheld: 1 });
    expect(r.outcomes.stage2).toMatchObject({ partly_upheld: 1 });
    expect(r.refusals.byReason).toEqual([expect.objectContaining({ reason: 'older_than_12_months', count: 1 })]);
    expect(r.channelMix.offline.cases).toBe(8);
    expect(r.channelMix.online).toMatchObject({ cases: 1, casesPercent: 11.1 });
  });

  it('writes the same verdicts in the CSV rows', async () => {
    const rows = await csvRows(t.db, year, pack, 'clocks');
    const responses = rows.filter((r) => r.clock === 'stage1_response');
    expect(Object.fromEntries(responses.map((r) => [r.reference, r.within_timescale]))).toEqual({
      A: true,
      B: true,
      C: false,
      D: true,
      E: false,
      F: true,
      J: true,
    });
    const csv = toCsv(rows);
    expect(csv.split('\r\n')[0]).toContain('reference,kind,stage,channel_id');
    expect(csv).toContain('C,formal_complaint,stage1,sms');
  });
});
