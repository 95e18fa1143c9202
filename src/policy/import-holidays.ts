import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { divisions, type Division } from './calendar.js';
import { defaultOverridePath, readBankHolidaysFile } from './holidays.js';

export interface DivisionImportSummary {
  division: Division;
  first: string;
  last: string;
  count: number;
}

/**
 * Validate a GOV.UK bank-holidays file and install it where start-up looks for it.
 * Throws ConfigError (and writes nothing) when the file is not in GOV.UK's shape.
 */
export function importBankHolidays(
  inputPath: string,
  outputPath: string = defaultOverridePath,
): DivisionImportSummary[] {
  const data = readBankHolidaysFile(inputPath);
  const target = resolve(outputPath);
  mkdirSync(dirname(target), { recursive: true });
  // Write then rename, so a running process never reads a half-written file.
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(temporary, target);
  return divisions.map((division) => {
    const dates = data[division].events.map((e) => e.date).sort();
    return { division, first: dates[0] ?? '', last: dates[dates.length - 1] ?? '', count: dates.length };
  });
}

export function formatImportSummary(summary: readonly DivisionImportSummary[], outputPath: string): string {
  const lines = summary.map((s) => `  ${s.division}: ${s.count} bank holidays, ${s.first} to ${s.last}`);
  return [`Loaded bank holidays into ${outputPath}:`, ...lines].join('\n');
}
