import { z } from 'zod';
import { IsoDateSchema } from '../policy/london-time.js';

/**
 * The report command's arguments (docs/contracts.md#report):
 *   --from YYYY-MM-DD --to YYYY-MM-DD --homes N [--format json|html|pdf|csv] [--out FILE]
 *   [--table cases|clocks|remedies|surveys] (csv: which rows) [--sample N] (a generated year, in memory)
 */
export const reportFormats = ['json', 'html', 'pdf', 'csv'] as const;
export const csvTables = ['cases', 'clocks', 'remedies', 'surveys'] as const;

export const ReportArgsSchema = z
  .object({
    from: IsoDateSchema,
    to: IsoDateSchema,
    homes: z.coerce.number().int().positive().max(10_000_000),
    format: z.enum(reportFormats).default('json'),
    out: z.string().min(1).optional(),
    table: z.enum(csvTables).default('clocks'),
    sample: z.coerce.number().int().min(1).max(200_000).optional(),
  })
  .strict()
  .refine((a) => a.from <= a.to, { message: 'must not be before --from', path: ['to'] });
export type ReportArgs = z.output<typeof ReportArgsSchema>;

export class UsageError extends Error {}

export const reportUsage =
  'usage: report --from YYYY-MM-DD --to YYYY-MM-DD --homes N [--format json|html|pdf|csv] [--out FILE] ' +
  '[--table cases|clocks|remedies|surveys] [--sample N]';

/** `--name value` and `--name=value` pairs; `homes` falls back to LANDLORD_HOMES. */
export function parseReportArgs(argv: readonly string[], landlordHomes?: number): ReportArgs {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument ${arg}\n${reportUsage}`);
    const name = match[1]!;
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value\n${reportUsage}`);
    raw[name] = value;
  }
  if (raw.homes === undefined && landlordHomes !== undefined) raw.homes = String(landlordHomes);
  const parsed = ReportArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) =>
      i.path.length > 0
        ? `--${i.path.join('.')}: ${i.path[0] === 'homes' && raw.homes === undefined ? 'is required (or set LANDLORD_HOMES)' : i.message}`
        : i.message,
    );
    throw new UsageError(`${problems.join('\n')}\n${reportUsage}`);
  }
  return parsed.data;
}
