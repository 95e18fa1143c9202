import { asCodedError } from '../src/errors.js';
import { defaultOverridePath } from '../src/policy/holidays.js';
import { formatImportSummary, importBankHolidays } from '../src/policy/import-holidays.js';

/**
 * npm run holidays:load -- <bank-holidays.json> [--out <path>]
 *
 * Installs a newer GOV.UK bank-holidays file (https://www.gov.uk/bank-holidays.json) so
 * working-day clocks know next year's holidays. --out exists for tests and unusual layouts.
 */
const usage = 'usage: npm run holidays:load -- <bank-holidays.json> [--out <path>]';

function main(argv: readonly string[]): number {
  const args = [...argv];
  let out = defaultOverridePath;
  const outAt = args.indexOf('--out');
  if (outAt !== -1) {
    const value = args[outAt + 1];
    if (!value) {
      console.error(usage);
      return 2;
    }
    out = value;
    args.splice(outAt, 2);
  }
  const input = args[0];
  if (!input || args.length > 1) {
    console.error(usage);
    return 2;
  }
  try {
    const summary = importBankHolidays(input, out);
    console.log(formatImportSummary(summary, out));
    return 0;
  } catch (error) {
    console.error(`Refused: ${asCodedError(error).message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
