import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CaseService } from '../../src/cases/case-service.js';
import type { StaffStore } from '../../src/cases/ports.js';
import { StaffActions } from '../../src/cases/staff-actions.js';
import type { StepService } from '../../src/cases/steps.js';
import type { SlackRoutes } from './settings.js';
import type { SlackCoreStore } from './ports.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import type { Translator } from '../../src/i18n.js';
import type { Logger } from '../../src/logger.js';
import type { Outbox } from '../../src/outbox.js';
import { jobId, type HandoffJob } from '../../src/queues/definitions.js';
import type { Queues } from '../../src/queues/queues.js';
import type { ProcessResult } from '../../src/queues/workers.js';
import type { ReportHeadline } from '../../src/reports/summary.js';
import { createSlackApp, type SlackReceiver } from './bolt-app.js';
import { SlackCards } from './cards.js';
import { Colleagues } from './colleagues.js';
import { Drafts } from './drafts.js';
import type { SlackHandlerDeps } from './handler-deps.js';
import { ChannelPrivacy } from './privacy.js';
import { createHandoffProcessor } from './handoff-processor.js';
import { routedChannels } from './routing.js';
import type { SlackStore } from './slack-store.js';
import { postReportSummary, type SlackReports } from './report-command.js';
import { createSlackClient } from './web-client.js';

export { escapeSlack, slackToPlain } from './escape.js';
export { routeForCase, routeForHandoff, type Route } from './routing.js';
export type { SlackReceiver } from './bolt-app.js';
export type { SlackReports } from './report-command.js';
export { SlackStore, slackMigrationsDir, type SlackPost, type SlackThread } from './slack-store.js';

export interface SlackChannelOptions {
  /** SLACK_BOT_TOKEN */
  botToken: string;
  /** SLACK_SIGNING_SECRET */
  signingSecret: string;
  /** SLACK_API_URL */
  apiUrl: string;
  /** SLACK_APP_TOKEN: Socket Mode for sites with no public URL. */
  appToken?: string;
  /** SLACK_ROUTES */
  routes: SlackRoutes;
  /** SLACK_CASE_CHANNELS. @defaultValue every routed channel */
  caseChannels?: readonly string[];
  /** SLACK_UNCLAIMED_SECONDS, in ms. */
  unclaimedAfterMs: number;
  /** SLACK_THREAD_REPLIES_TO_CUSTOMER: a plain thread message goes to the customer (the old behaviour). @defaultValue false */
  threadRepliesToCustomer?: boolean;
  /** SLACK_TEAM_LEADS: user ids (U…) and user group ids (S…). @defaultValue none */
  teamLeads?: readonly string[];
  /** SLACK_ON_CALL: paged while an emergency waits unclaimed. @defaultValue none: the channel's @here */
  onCall?: readonly string[];
  /** SLACK_EMERGENCY_REALERT_SECONDS, in ms. @defaultValue 900000 */
  emergencyRealertMs?: number;
  /** {{landlord}}, {{emergencyLine}}…, for what staff send through the gateway. */
  landlord?: Readonly<Record<string, string>>;
  /** The core's records, as Slack and the staff tools it drives use them. */
  store: SlackCoreStore & StaffStore;
  /** Slack's own tables (this folder's migrations). */
  slackStore: SlackStore;
  cases: CaseService;
  /** Steps that meet clocks (acknowledged, made safe…) and remedies, recorded from the card or /case. */
  steps: StepService;
  outbox: Pick<Outbox, 'say'>;
  queues: Queues;
  /** Locks of the handoff queue's worker: it may wait for Redis to come back. */
  redis: Redis;
  /**
   * What Slack's requests use (drafts, once-only notes): a connection that fails at once while
   * Redis is away, so a request is answered with an error Slack retries instead of hanging.
   * @defaultValue `redis`
   */
  requestRedis?: Redis;
  translator: Translator;
  logger: Logger;
  /** Redis key prefix for the handoff queue's per-conversation locks. @defaultValue 'gw' */
  redisPrefix?: string;
  /** `/report` and the monthly summary. @defaultValue none */
  reports?: SlackReports;
}

/**
 * Staff in Slack: the Bolt app for the web role (buttons, modals, thread replies, /case,
 * App Home), the handoff queue's processor for the worker role (cards, threads, alerts),
 * and the turn hook that relays a handed-off customer's messages to their thread.
 * Slack is not a customer channel, so this is not a ChannelAdapter.
 */
export interface SlackChannel {
  /** Web role: the receiver whose router serves POST /slack/events (or a Socket Mode connection). */
  receiver(): SlackReceiver;
  /** Worker role: the handoff queue's processor. */
  handoffProcessor: (payload: HandoffJob, job: Job) => Promise<ProcessResult>;
  /** Worker role: the TurnProcessor's `whenHandedOff`; the message goes to the thread instead of the bot. */
  whenHandedOff: (conversation: Conversation, message: Message) => Promise<void>;
  /** Worker role: post the monthly report summary to the first report channel (false without one). */
  postReportSummary(headline: ReportHeadline): Promise<boolean>;
}

export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  const client = createSlackClient({ token: options.botToken, apiUrl: options.apiUrl, logger: options.logger });
  const prefix = `${options.redisPrefix ?? 'gw'}:slack:`;
  const staff = new StaffActions({
    store: options.store,
    cases: options.cases,
    outbox: options.outbox,
    queues: options.queues,
    translator: options.translator,
    ...(options.landlord ? { landlord: options.landlord } : {}),
  });
  const privacy = new ChannelPrivacy(client, options.logger);
  const { slackStore } = options;
  const cards = new SlackCards(client, options.store, slackStore, options.routes, options.logger, privacy, staff);
  const colleagues = new Colleagues(client, options.teamLeads ?? [], options.logger);
  const deps: SlackHandlerDeps = {
    store: options.store,
    slackStore,
    staff,
    cases: options.cases,
    steps: options.steps,
    cards,
    colleagues,
    privacy,
    drafts: new Drafts(options.requestRedis ?? options.redis, prefix),
    routes: options.routes,
    queues: options.queues,
    caseChannels: options.caseChannels ?? routedChannels(options.routes),
    threadRepliesToCustomer: options.threadRepliesToCustomer ?? false,
    firstTime: async (key, seconds) =>
      (await (options.requestRedis ?? options.redis).set(`${prefix}once:${key}`, '1', 'EX', seconds, 'NX')) === 'OK',
    logger: options.logger,
  };
  return {
    receiver: () =>
      createSlackApp(
        {
          botToken: options.botToken,
          signingSecret: options.signingSecret,
          apiUrl: options.apiUrl,
          appToken: options.appToken,
          client,
          logger: options.logger,
          ...(options.reports ? { reports: options.reports } : {}),
        },
        deps,
      ),
    handoffProcessor: createHandoffProcessor({
      cards,
      store: options.store,
      slackStore,
      staff,
      queues: options.queues,
      redis: options.redis,
      routes: options.routes,
      logger: options.logger,
      unclaimedAfterMs: options.unclaimedAfterMs,
      realertAfterMs: options.emergencyRealertMs ?? 900_000,
      onCall: options.onCall ?? [],
      colleagues,
      lockPrefix: `${options.redisPrefix ?? 'gw'}:lock:slack:`,
      restrictions: options.cases.restrictions,
    }),
    postReportSummary: async (headline) => {
      const channel = options.reports?.channels[0];
      if (!channel) return false;
      await postReportSummary(client, channel, headline);
      return true;
    },
    whenHandedOff: async (conversation, message) => {
      await slackStore.queueSlackRelay(message.id, conversation.id);
      await options.queues.add(
        'handoff',
        { type: 'customer_message', conversationId: conversation.id, messageId: message.id },
        { id: jobId('customer-message', message.id) },
      );
    },
  };
}
