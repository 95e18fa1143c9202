import '../../app/channel-ids.js';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { loadCalendars, loadPolicyPack, type PolicyPack } from '../../src/policy/index.js';
import { reportPeriod, type ReportPeriod } from '../../src/reports/period.js';
import { generateSampleYear } from '../../src/reports/sample-year.js';
import { openTestDatabase, type Backend, type TestDatabase } from '../helpers/db.js';

export const pack: PolicyPack = loadPolicyPack('code-2024');
export const calendar = loadCalendars()['england-and-wales'];
export const year: ReportPeriod = reportPeriod('2026-04-01', '2027-03-31');

export interface YearDatabase {
  db: Database;
}

/** A fresh database per describe block, with a generated year of cases in it. */
export function useYear(backend: Backend, cases: number, seed = 17): YearDatabase {
  let t: TestDatabase | undefined;
  const holder = {} as YearDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
    holder.db = t.db;
    await generateSampleYear({ db: t.db, period: year, pack, calendar, cases, seed });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });
  return holder;
}
