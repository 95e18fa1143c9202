import { z } from 'zod';
import { settingTypes, type SettingsSection } from '../../src/config.js';

/**
 * Slack's settings (SLACK_*), added to the core's by app/config.ts. Names, defaults and
 * messages are a contract (docs/contracts.md#configuration; README's configuration table).
 */
const { optionalSecret, url, jsonText } = settingTypes;

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
      .array(
        z.enum(['enquiry', 'first_time_fix', 'formal_complaint', 'emergency', 'subject_access', 'erasure_request']),
      )
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
    /** Requests under the customer's data protection rights (subject access, erasure): the data protection team. */
    dataProtection: slackChannel.default('#data-protection'),
    rules: z.array(SlackRouteRuleSchema).default([]),
  })
  .strict();
export type SlackRoutes = z.output<typeof SlackRoutesSchema>;
export type SlackRouteRule = z.output<typeof SlackRouteRuleSchema>;

const shape = {
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
};

export const slackSettings: SettingsSection<typeof shape> = {
  shape,
  prefixes: ['SLACK_'],
  // Staff in Slack are on only when both credentials are present.
  together: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
  check(c, ctx) {
    // Socket Mode carries the same app's events: without a bot token nothing could answer them.
    if (c.SLACK_APP_TOKEN !== undefined && c.SLACK_BOT_TOKEN === undefined) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_APP_TOKEN is set' });
    }
  },
};

/** Request fields the logger redacts for this channel (docs/rules/data-protection.md#logs). */
export const slackLogRedaction = ['req.headers["x-slack-signature"]'];
