import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { defaultLandlord, type Landlord } from './landlord.js';
import { isLanguageCode, type LanguageCode } from './languages.js';

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

/**
 * Which Slack channel each case goes to (SLACK_ROUTES, JSON). Channels are ids (C…) or
 * names (#complaints-liaison). `rules` are tried first, in order, on the case's kind,
 * stage and flags; then the defaults: emergencies (kind, priority or the `emergency` flag)
 * to `emergencies` with @here, stage 2 to `seniorManagers`, formal complaints to
 * `complaints`, first-time fixes and enquiries to `customerServices`.
 */
const slackChannel = z
  .string()
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{2,})$/, 'must be a channel id (C…) or #name');
export const SlackRouteRuleSchema = z
  .object({
    /** Matches when the case is any of these kinds (omit for any). */
    kind: z
      .array(z.enum(['enquiry', 'first_time_fix', 'formal_complaint', 'emergency']))
      .min(1)
      .optional(),
    /** Matches when the case is at any of these stages (omit for any). */
    stage: z
      .array(z.enum(['none', 'first_time_fix', 'stage1', 'stage2']))
      .min(1)
      .optional(),
    /** Matches when the case has any of these flags, e.g. damp_mould (omit for any). */
    flag: z.array(z.string().min(1)).min(1).optional(),
    channel: slackChannel,
    /** Notify everyone in the channel: `here` (active members) or `channel`. */
    mention: z.enum(['here', 'channel']).optional(),
  })
  .strict();
/** Slack users (U…, W…) and user groups (S…), comma-separated: who to mention or trust. */
const slackPeople = z
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
        z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be Slack user ids (U…) or user group ids (S…), comma-separated'),
      )
      .min(1),
  );
export const SlackRoutesSchema = z
  .object({
    complaints: slackChannel.default('#complaints-liaison'),
    customerServices: slackChannel.default('#customer-services'),
    emergencies: slackChannel.default('#emergency-repairs'),
    seniorManagers: slackChannel.default('#senior-managers'),
    rules: z.array(SlackRouteRuleSchema).default([]),
  })
  .strict();
export type SlackRoutes = z.output<typeof SlackRoutesSchema>;
export type SlackRouteRule = z.output<typeof SlackRouteRuleSchema>;

/**
 * An approved WhatsApp template for one kind of notice (TWILIO_WHATSAPP_TEMPLATE_*): its
 * Content SID (HX…), or one per language as `en:HX…,pl:HX…`, where a bare HX… serves every
 * language without its own. WhatsApp approves each language of a template separately.
 */
export interface WhatsAppTemplate {
  /** The template for languages not listed. */
  anyLanguage?: string;
  byLanguage: Partial<Record<LanguageCode, string>>;
}
const contentSid = /^HX[0-9a-fA-F]{32}$/;
export const WhatsAppTemplateSchema = z.string().transform((text, ctx): WhatsAppTemplate => {
  const template: WhatsAppTemplate = { byLanguage: {} };
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const colon = entry.indexOf(':');
    const lang = colon === -1 ? undefined : entry.slice(0, colon).trim();
    const sid = colon === -1 ? entry : entry.slice(colon + 1).trim();
    if (!contentSid.test(sid)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a Content SID (HX followed by 32 hex digits), or language:HX… pairs separated by commas',
      });
      return z.NEVER;
    }
    if (lang === undefined) {
      if (template.anyLanguage !== undefined)
        ctx.addIssue({ code: 'custom', message: 'names more than one template for every language' });
      template.anyLanguage = sid;
    } else if (!isLanguageCode(lang)) {
      ctx.addIssue({ code: 'custom', message: `names ${lang}, which is not a language the gateway speaks` });
    } else {
      if (template.byLanguage[lang] !== undefined)
        ctx.addIssue({ code: 'custom', message: `names two templates for ${lang}` });
      template.byLanguage[lang] = sid;
    }
  }
  if (template.anyLanguage === undefined && Object.keys(template.byLanguage).length === 0)
    ctx.addIssue({ code: 'custom', message: 'names no template' });
  return template;
});

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

    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits')
      .optional(),
    TWILIO_AUTH_TOKEN: optionalSecret,
    /**
     * Our SMS number (E.164), our WhatsApp sender (whatsapp:+44…) or a Messaging Service SID
     * (MG…). Replies go from the number the customer wrote to; this one is for the rest, and
     * (without whatsapp:) for texts sent when WhatsApp cannot reach a customer.
     */
    TWILIO_FROM: z
      .string()
      .regex(
        /^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32}|whatsapp:\+[1-9]\d{6,14})$/,
        'must be an E.164 number, whatsapp:+… or an MG… SID',
      )
      .optional(),
    TWILIO_API_URL: url.default('https://api.twilio.com'),
    /**
     * Approved WhatsApp templates for what may go more than 24 hours after the customer last
     * wrote, by kind of notice: a change to the case (a colleague's reply, an extension, the
     * response), a letter ready to read, the satisfaction survey. Each carries {{1}} the case
     * reference and {{2}} a link (README "WhatsApp"). @defaultValue none: such notices go by
     * SMS to a UK mobile the customer gave, else to staff to contact the customer another way
     */
    TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE: WhatsAppTemplateSchema.optional(),
    TWILIO_WHATSAPP_TEMPLATE_LETTER_READY: WhatsAppTemplateSchema.optional(),
    TWILIO_WHATSAPP_TEMPLATE_SURVEY: WhatsAppTemplateSchema.optional(),

    META_APP_SECRET: optionalSecret,
    META_VERIFY_TOKEN: optionalSecret,
    META_PAGE_TOKEN: optionalSecret,
    META_GRAPH_URL: url.default('https://graph.facebook.com'),

    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xox[bp]-/, 'must be a bot token (xoxb-…)')
      .optional(),
    SLACK_SIGNING_SECRET: optionalSecret,
    SLACK_API_URL: url.default('https://slack.com/api/'),
    /** App-level token (xapp-…): run Slack over Socket Mode instead of POST /slack/events, for sites with no public URL. */
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token (xapp-…)')
      .optional(),
    /** Where cards go, as JSON (see SlackRoutesSchema). @defaultValue the four #channels named there */
    SLACK_ROUTES: jsonText
      .pipe(SlackRoutesSchema)
      .optional()
      .transform((routes) => routes ?? SlackRoutesSchema.parse({})),
    /** Seconds a live handoff waits for a colleague before the customer is told when to expect contact. @defaultValue 600 */
    SLACK_UNCLAIMED_SECONDS: z.coerce.number().positive().max(86_400).default(600),
    /**
     * `true` keeps the old behaviour: a plain message in a card's thread goes to the customer
     * (from the colleague who holds the case or a team lead). Off, the thread is internal and
     * only "Reply to customer" writes to them. @defaultValue false
     */
    SLACK_THREAD_REPLIES_TO_CUSTOMER: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * Team leads, comma-separated Slack user ids (U…) and user group ids (S…): they see the team's
     * queue in App Home, may reply on any case and are mentioned when a clock is missed. @defaultValue none
     */
    SLACK_TEAM_LEADS: slackPeople.optional().transform((people) => people ?? []),
    /**
     * Who is paged while an emergency waits unclaimed: user ids (U…) and user group ids (S…),
     * comma-separated. @defaultValue none: the emergency channel's @here
     */
    SLACK_ON_CALL: slackPeople.optional().transform((people) => people ?? []),
    /** Seconds between alerts for an emergency nobody has claimed, until someone does. @defaultValue 900 */
    SLACK_EMERGENCY_REALERT_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    /**
     * Channels where `/report` answers and the monthly summary posts (the first listed),
     * comma-separated ids or #names. @defaultValue the senior managers' channel in SLACK_ROUTES
     */
    SLACK_REPORT_CHANNELS: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      )
      .pipe(z.array(slackChannel).min(1))
      .optional(),
    /** Channels where `/case` shows a case, comma-separated ids or #names. @defaultValue the channels in SLACK_ROUTES */
    SLACK_CASE_CHANNELS: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      )
      .pipe(z.array(slackChannel).min(1))
      .optional(),

    /** Homes the landlord owns (its relevant social housing stock), for the per-1,000-homes measures (TSM CH01); `report --homes` overrides it. @defaultValue none: the report asks for --homes */
    LANDLORD_HOMES: z.coerce.number().int().positive().max(10_000_000).optional(),
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
  .superRefine((c, ctx) => {
    // A channel is on only when all its credentials are present; half a set is a mistake worth stopping for.
    const groups: Record<string, (keyof typeof c)[]> = {
      twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
      meta: ['META_APP_SECRET', 'META_VERIFY_TOKEN', 'META_PAGE_TOKEN'],
      slack: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
    };
    for (const keys of Object.values(groups)) {
      const present = keys.filter((k) => c[k] !== undefined);
      if (present.length > 0 && present.length < keys.length) {
        for (const missing of keys.filter((k) => c[k] === undefined)) {
          ctx.addIssue({ code: 'custom', path: [missing], message: `is required when ${present.join(', ')} is set` });
        }
      }
    }
    // A template with nothing to send it through is a setting that silently does nothing.
    for (const key of [
      'TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE',
      'TWILIO_WHATSAPP_TEMPLATE_LETTER_READY',
      'TWILIO_WHATSAPP_TEMPLATE_SURVEY',
    ] as const) {
      if (c[key] !== undefined && c.TWILIO_ACCOUNT_SID === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is set, but Twilio is off (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM)',
        });
      }
    }
    // Socket Mode carries the same app's events: without a bot token nothing could answer them.
    if (c.SLACK_APP_TOKEN !== undefined && c.SLACK_BOT_TOKEN === undefined) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_APP_TOKEN is set' });
    }
  });

export type Config = z.output<typeof ConfigSchema> & { PUBLIC_BASE_URL: string };

export interface ChannelSwitches {
  sms: boolean;
  meta: boolean;
  slack: boolean;
  webchat: boolean;
}

export function channelsOn(config: Config): ChannelSwitches {
  return {
    sms: config.TWILIO_ACCOUNT_SID !== undefined,
    meta: config.META_APP_SECRET !== undefined,
    slack: config.SLACK_BOT_TOKEN !== undefined,
    webchat: true,
  };
}

const knownNames = new Set(Object.keys(ConfigSchema.shape));
/** Names that look like ours but are not: a typo should stop start-up, not be ignored. */
const ourPrefixes = ['TWILIO_', 'META_', 'SLACK_', 'DIRECTLINE_', 'POLICY_', 'LANDLORD_', 'METRICS_', 'TRUSTED_'];

/**
 * Parse the environment. Throws a ConfigError whose message is one line per problem,
 * naming the variable and never echoing its value (it may be a secret).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const values = unsetIfEmpty(env);
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (ourPrefixes.some((p) => name.startsWith(p)) && !knownNames.has(name)) {
      problems.push(`${name}: unknown setting (check the spelling against the README's configuration table)`);
    }
  }
  const result = ConfigSchema.safeParse(values);
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
