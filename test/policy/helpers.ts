import { loadPolicyPack } from '../../src/policy/load-pack.js';
import { loadCalendars } from '../../src/policy/holidays.js';
import type { PolicyPack } from '../../src/policy/pack-schema.js';

/** The shipped snapshot only: a path that never exists, so a developer's ./data file cannot change results. */
export const calendars = loadCalendars('/nonexistent/bank-holidays.json');
export const englandAndWales = calendars['england-and-wales'];
export const scotland = calendars.scotland;
export const northernIreland = calendars['northern-ireland'];

export const packs: Record<'code-2024' | 'seed-2020', PolicyPack> = {
  'code-2024': loadPolicyPack('code-2024'),
  'seed-2020': loadPolicyPack('seed-2020'),
};

/** End of a London day as a UTC ISO string: 23:59:59.999 in GMT, 22:59:59.999Z in BST. */
export function endOfDayGmt(date: string): string {
  return `${date}T23:59:59.999Z`;
}
export function endOfDayBst(date: string): string {
  return `${date}T22:59:59.999Z`;
}
