import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { defaultLandlord, type Landlord } from './landlord.js';

/**
 * The environment, validated once at start-up. Names are a contract (docs/contracts.md#configuration).
 * The zod schema is the single source: the Config type is inferred from it.
 */

const optionalSecret = z.string().min(1).optional();
const url = z.string().url();

/** Empty strings in the environment mean "not set", as shells and .env files write them. */
function unsetIfEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});

/** One trusted proxy: an address, a subnet (10.0.0.0/8, fd00::/8) or one of express's names for a range. */
function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export const ConfigSchema = z
  .object({
    /** HTTP port. @defaultValue 3000 */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** The address customers' providers call us on; Twilio signatures are computed over it. @defaultValue http://localhost:PORT */
    PUBLIC_BASE_URL: url.optional(),
    /** postgres://… for PostgreSQL; unset for embedded PGlite under ./data; `memory:` for in-memory PGlite. */
    DATABASE_URL: z
      .string()
      .refine((v) => v === 'memory:' || /^postgres(ql)?:\/\//.test(v) || v.startsWith('file:'), {
        message: 'must be postgres://…, file:<dir> or memory:',
      })
      .optional(),
    /** redis://… @defaultValue redis://127.0.0.1:6379, else a child redis-server under ./data/redis */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be redis://… or rediss://…')
      .optional(),
    /** Which policy pack sets the timescales. @defaultValue code-2024 */
    POLICY_PACK: z.enum(['code-2024', 'seed-2020']).default('code-2024'),
    /** UK division whose bank holidays count, unless a customer's own is known. @defaultValue england-and-wales */
    UK_DIVISION: z.enum(['england-and-wales', 'scotland', 'northern-ireland']).default('england-and-wales'),
    /** Homes the landlord owns (its relevant social housing stock), for the per-1,000-homes measures (TSM CH01); `report --homes` overrides it. @defaultValue none: the report asks for --homes */
    LANDLORD_HOMES: z.coerce.number().int().positive().max(10_000_000).optional(),
    /** Where embedded data lives (PGlite, child Redis, bank-holiday overrides). @defaultValue ./data */
    DATA_DIR: z.string().min(1).default('./data'),
    /**
     * CPU niceness of a `--role=worker` process (0 to 19; higher yields more). Where web and
     * worker share a machine, acknowledging webhooks before providers time out comes first;
     * queued turns catch up. No effect on a machine the worker has to itself. @defaultValue 10
     */
    WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
    /** The landlord's own wording over ours: <dir>/<lang>/<namespace>.json with only the keys it changes (README "Your own wording"). */
    LOCALE_OVERRIDES_DIR: z.string().min(1).optional(),
    /**
     * The reverse proxies (load balancer, CDN) in front of the gateway whose `X-Forwarded-For`
     * is believed, comma-separated: addresses, subnets (10.0.0.0/8) or `loopback`,
     * `linklocal`, `uniquelocal`. Fed to express's `trust proxy`. @defaultValue none: the
     * client is the address that connected, and X-Forwarded-For is ignored
     */
    TRUSTED_PROXIES: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== ''),
      )
      .pipe(
        z
          .array(
            z
              .string()
              .refine(
                isProxyEntry,
                'must be addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal, comma-separated',
              ),
          )
          .min(1),
      )
      .optional()
      .transform((proxies) => proxies ?? []),
    /** Bearer token `/metrics` asks for (`Authorization: Bearer …`). @defaultValue none: /metrics is open to whoever can reach the port */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** pino level. @defaultValue info */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    /** The landlord's name as customers know it, and its numbers and addresses, said by the bot and on letters. @defaultValue placeholders (Example Homes, Ofcom drama numbers) */
    LANDLORD_NAME: z.string().min(1).max(120).optional(),
    LANDLORD_PHONE: z
      .string()
      .regex(/^[+\d][\d ()-]{5,24}$/, 'must be a phone number')
      .optional(),
    LANDLORD_EMERGENCY_LINE: z
      .string()
      .regex(/^[+\d][\d ()-]{5,24}$/, 'must be a phone number')
      .optional(),
    LANDLORD_WEBSITE: z.string().min(4).max(200).optional(),
    LANDLORD_PRIVACY_URL: z.string().min(4).max(300).optional(),
    /**
     * The landlord's tenancy reference format, a regular expression one word of the reply must
     * match whole (case-insensitive), e.g. `T/[0-9]{6}`. A postcode is always looked for first.
     * @defaultValue letters, digits, / and -, 4 to 20 characters with at least 3 digits
     */
    LANDLORD_TENANCY_REF_PATTERN: z
      .string()
      .max(200)
      .refine((source) => {
        try {
          new RegExp(source, 'i');
          return true;
        } catch {
          return false;
        }
      }, 'must be a regular expression, e.g. T/[0-9]{6}')
      .optional(),

    /**
     * The mail server for customers who chose email (docs/rules/delivery.md#email):
     * smtp://user:password@host:587 or smtps://…:465. @defaultValue none: they are told on their chat channel instead
     */
    SMTP_URL: z
      .string()
      .regex(
        /^smtps?:\/\/[^\s/]+/,
        'must be smtp://host:port or smtps://host:port (user:password@ before the host if needed)',
      )
      .optional(),
    /** The From of customer emails: an address, or "Example Homes <complaints@example.org>". Required with SMTP_URL. */
    MAIL_FROM: z
      .string()
      .max(200)
      .regex(
        /^([^<>\r\n]*<[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+)$/,
        'must be an email address, or Name <address>',
      )
      .optional(),

    /** Direct Line secret. @defaultValue generated once and kept under DATA_DIR */
    DIRECTLINE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Sites that may show the chat page in an iframe, comma-separated origins (https://www.example-homes.org.uk). @defaultValue none */
    WEBCHAT_FRAME_ANCESTORS: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((o) => o.trim())
          .filter((o) => o !== ''),
      )
      .pipe(
        z
          .array(
            z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be origins like https://www.example.org'),
          )
          .max(20),
      )
      .default([]),
  })
  // Channels' settings live beside them (channels/<name>/settings.ts); app/config.ts adds them to these.
  .describe("The core's settings");

/** The core's settings that only make sense together; app/config.ts checks them with the channels'. */
export function checkCoreSettings(
  c: { SMTP_URL?: string | undefined; MAIL_FROM?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (c.SMTP_URL !== undefined && c.MAIL_FROM === undefined) {
    ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required when SMTP_URL is set' });
  }
}

export type Config = z.output<typeof ConfigSchema> & { PUBLIC_BASE_URL: string };

/**
 * A channel's part of the settings, declared beside the code that reads it and added to the
 * core's by the composition root (app/config.ts), so the core never names a channel. Its
 * names are as much a contract as the core's (docs/contracts.md#configuration).
 */
export interface SettingsSection<Shape extends z.ZodRawShape> {
  shape: Shape;
  /** Name prefixes it owns: a name with one that it does not declare is a typo and stops start-up. */
  prefixes: readonly string[];
  /** Names that switch it on only together: half a set is a mistake worth stopping for. */
  together?: readonly (keyof Shape & string)[];
  /** Checks across its names, after each has parsed. */
  check?: (values: z.output<z.ZodObject<Shape>>, ctx: z.RefinementCtx) => void;
}

/** The problems with half a set of names that only work together, one per missing name. */
export function requireTogether(values: Record<string, unknown>, names: readonly string[], ctx: z.RefinementCtx): void {
  const present = names.filter((k) => values[k] !== undefined);
  if (present.length > 0 && present.length < names.length) {
    for (const missing of names.filter((k) => values[k] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [missing], message: `is required when ${present.join(', ')} is set` });
    }
  }
}

/** Helpers for channels' settings, so every setting of a kind is refused in the same words. */
export const settingTypes = { optionalSecret, url, jsonText };

/** Name prefixes the core owns: a name with one that it does not declare is a typo. */
export const corePrefixes = ['DIRECTLINE_', 'POLICY_', 'LANDLORD_', 'METRICS_', 'TRUSTED_'];

/**
 * Parse the environment against a settings schema (the core's, or the core's with the
 * channels' from app/config.ts). Throws a ConfigError whose message is one line per problem,
 * naming the variable and never echoing its value (it may be a secret).
 */
export function parseSettings<Schema extends z.ZodType<{ PORT: number; PUBLIC_BASE_URL?: string | undefined }>>(
  schema: Schema,
  known: { names: Iterable<string>; prefixes: readonly string[] },
  env: NodeJS.ProcessEnv,
): z.output<Schema> & { PUBLIC_BASE_URL: string } {
  const values = unsetIfEmpty(env);
  const names = new Set(known.names);
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (known.prefixes.some((p) => name.startsWith(p)) && !names.has(name)) {
      problems.push(`${name}: unknown setting (check the spelling against the README's configuration table)`);
    }
  }
  const result = schema.safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${issue.path.join('.') || 'environment'}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = result.data;
  return {
    ...config,
    PUBLIC_BASE_URL: (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ''),
  };
}

/** The core's settings alone (the gateway loads the channels' too: app/config.ts). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseSettings(
    ConfigSchema.superRefine(checkCoreSettings),
    { names: Object.keys(ConfigSchema.shape), prefixes: corePrefixes },
    env,
  );
}

/** The landlord's details from the environment, each falling back to the placeholder. */
export function landlordFrom(config: Config): Landlord {
  return {
    name: config.LANDLORD_NAME ?? defaultLandlord.name,
    phone: config.LANDLORD_PHONE ?? defaultLandlord.phone,
    emergencyLine: config.LANDLORD_EMERGENCY_LINE ?? defaultLandlord.emergencyLine,
    website: config.LANDLORD_WEBSITE ?? defaultLandlord.website,
    privacyUrl: config.LANDLORD_PRIVACY_URL ?? defaultLandlord.privacyUrl,
  };
}
