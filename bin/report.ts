/**
 * `npm run -s report -- --from 2026-04-01 --to 2027-03-31 --homes 18500 [--format json|html|pdf|csv] [--out FILE]`
 * The landlord's complaint measures for a period (docs/contracts.md#report). JSON (the default)
 * is one object on stdout; --out writes the file instead. `--sample N` reports on N generated
 * cases in an in-memory database instead of the record (the README's sample).
 * Only results go to stdout; messages for people go to stderr.
 */
import '../app/channel-ids.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gatewayMigrations } from '../app/migrations.js';
import { reportChannelLabels } from '../app/report-labels.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { loadCalendars, loadPolicyPack } from '../src/policy/index.js';
import { parseReportArgs, UsageError } from '../src/reports/cli.js';
import { renderReport } from '../src/reports/render.js';
import { reportPeriod } from '../src/reports/period.js';
import { generateSampleYear } from '../src/reports/sample-year.js';

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  let args;
  try {
    args = parseReportArgs(argv, config.LANDLORD_HOMES);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`report: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const pack = loadPolicyPack(config.POLICY_PACK);
  const period = reportPeriod(args.from, args.to);
  const db = await openDatabase({
    url: args.sample === undefined ? config.DATABASE_URL : 'memory:',
    dataDir: config.DATA_DIR,
  });
  try {
    await migrate(db, gatewayMigrations());
    if (args.sample !== undefined) {
      const calendars = loadCalendars(resolve(config.DATA_DIR, 'bank-holidays.json'));
      await generateSampleYear({ db, period, pack, calendar: calendars[config.UK_DIVISION], cases: args.sample });
    }
    const output = await renderReport({
      db,
      period,
      homes: args.homes,
      pack,
      format: args.format,
      table: args.table,
      landlordName: config.LANDLORD_NAME ?? 'Example Homes',
      channelLabels: reportChannelLabels,
    });
    if (args.out) {
      writeFileSync(args.out, output);
      process.stderr.write(`report: wrote ${args.out}\n`);
    } else {
      process.stdout.write(output);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`report: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
