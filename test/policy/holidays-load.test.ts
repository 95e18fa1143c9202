import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { coverageWarning, loadCalendars, readBankHolidaysFile, shippedSnapshot } from '../../src/policy/holidays.js';
import { importBankHolidays } from '../../src/policy/import-holidays.js';
import { calendars } from './helpers.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const tsx = join(repoRoot, 'node_modules/.bin/tsx');

/** A newer GOV.UK file: the snapshot plus a made-up 2028 year, as GOV.UK would publish it. */
function newerFile(): unknown {
  const data = JSON.parse(readFileSync(shippedSnapshot.path, 'utf8')) as Record<string, { events: object[] }>;
  for (const division of Object.values(data)) {
    division.events.push({ title: 'New Year’s Day', date: '2028-01-03', notes: 'Substitute day', bunting: true });
  }
  return data;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'holidays-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('loading a newer bank-holidays file', () => {
  it('accepts a GOV.UK file, installs it, and the calendars use it', () => {
    const out = join(dir, 'data', 'bank-holidays.json');
    const summary = importBankHolidays(write('new.json', newerFile()), out);
    expect(summary).toEqual([
      { division: 'england-and-wales', first: '2025-01-01', last: '2028-01-03', count: 25 },
      { division: 'scotland', first: '2025-01-01', last: '2028-01-03', count: 28 },
      { division: 'northern-ireland', first: '2025-01-01', last: '2028-01-03', count: 31 },
    ]);
    const loaded = loadCalendars(out);
    expect(loaded['england-and-wales'].isWorkingDay('2028-01-03')).toBe(false);
    expect(loaded['england-and-wales'].coveredThrough).toBe('2028-12-31');
    expect(readBankHolidaysFile(out)).toEqual(readBankHolidaysFile(join(dir, 'new.json')));
  });

  it.each([
    ['not JSON', '{"england-and-wales":', /not JSON/],
    ['a division missing', { 'england-and-wales': { division: 'england-and-wales', events: [] } }, /scotland/],
    [
      'an impossible date',
      (() => {
        const f = newerFile() as Record<string, { events: { date: string }[] }>;
        f.scotland!.events[0]!.date = '2026-02-30';
        return f;
      })(),
      /scotland\.events\.0\.date/,
    ],
    [
      'a division under the wrong key',
      (() => {
        const f = newerFile() as Record<string, { division: string }>;
        f.scotland!.division = 'england-and-wales';
        return f;
      })(),
      /"division" field must be "scotland"/,
    ],
    [
      'a date listed twice',
      (() => {
        const f = newerFile() as Record<string, { events: object[] }>;
        f['northern-ireland']!.events.push({ title: 'x', date: '2026-03-17', notes: '', bunting: true });
        return f;
      })(),
      /listed twice/,
    ],
  ])('refuses a file with %s, and writes nothing', (_label, content, message) => {
    const out = join(dir, 'out.json');
    expect(() => importBankHolidays(write('bad.json', content), out)).toThrow(ConfigError);
    expect(() => importBankHolidays(write('bad.json', content), out)).toThrow(message);
    expect(existsSync(out)).toBe(false);
  });

  it('stops start-up on a bad override file rather than quietly using older dates', () => {
    expect(() => loadCalendars(write('bank-holidays.json', { scotland: {} }))).toThrow(ConfigError);
  });

  it('warns when the loaded holidays run out within six months', () => {
    expect(coverageWarning(calendars, new Date('2026-11-22T12:00:00Z'))).toBeNull();
    expect(coverageWarning(calendars, new Date('2027-09-01T12:00:00Z'))).toMatch(
      /england-and-wales through 2027-12-31.*holidays:load/,
    );
  });
});

describe('npm run holidays:load', () => {
  it("prints each division's range and count, and exits 0", () => {
    const out = join(dir, 'bank-holidays.json');
    const stdout = execFileSync(tsx, ['bin/holidays.ts', write('new.json', newerFile()), '--out', out], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(stdout).toMatch(/england-and-wales: 25 bank holidays, 2025-01-01 to 2028-01-03/);
    expect(stdout).toMatch(/scotland: 28 bank holidays/);
    expect(stdout).toMatch(/northern-ireland: 31 bank holidays/);
    expect(existsSync(out)).toBe(true);
  });

  it('refuses a malformed file with a clear message and exit code 1', () => {
    const out = join(dir, 'bank-holidays.json');
    const result = spawnSync(
      tsx,
      ['bin/holidays.ts', write('bad.json', { 'england-and-wales': 'nope' }), '--out', out],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Refused: .*is not a GOV\.UK bank-holidays file/);
    expect(existsSync(out)).toBe(false);
  });

  it('shows usage without a file', () => {
    const result = spawnSync(tsx, ['bin/holidays.ts'], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run holidays:load -- <bank-holidays\.json>/);
  });
});
