import type { Redis } from 'ioredis';
import { createDirectLineChannel, type DirectLineChannel } from '../channels/directline/index.js';
import { createMetaChannel } from '../channels/meta/index.js';
import type { SlackChannel, SlackReports } from '../channels/slack/index.js';
import { createTwilioChannel } from '../channels/twilio/index.js';
import type { CaseService } from '../src/cases/case-service.js';
import type { StepService } from '../src/cases/steps.js';
import type { ChannelAdapter, ChannelId } from '../src/channel.js';
import type { CaseStore } from '../src/db/case-store.js';
import type { Database } from '../src/db/database.js';
import { channelsOn, type GatewayConfig } from './config.js';
import type { Translator } from '../src/i18n.js';
import { stableUuid } from '../src/ids.js';
import { landlordVars, type Landlord } from '../src/landlord.js';
import type { Logger } from '../src/logger.js';
import type { MediaStore } from '../src/media/index.js';
import type { Outbox } from '../src/outbox.js';
import type { Queues } from '../src/queues/queues.js';

export interface ChannelsOptions {
  config: GatewayConfig;
  /** Slack keeps its own tables in it. */
  db: Database;
  store: CaseStore;
  outbox: Outbox;
  cases: CaseService;
  /** Steps that meet clocks, and remedies: recorded by staff in Slack. */
  steps: StepService;
  queues: Queues;
  /** For workers and subscriptions. */
  redis: Redis;
  /** For requests: fails at once while Redis is away. */
  requestRedis: Redis;
  translator: Translator;
  logger: Logger;
  landlord: Landlord;
  /** The web chat secret. */
  webSecret: string;
  media: MediaStore;
  prefix: string;
  /** Slack's `/report` and monthly summary (app/reports.ts). @defaultValue none */
  reports?: SlackReports;
}

export interface Channels {
  /** Every customer channel by id: routes, sending, beforeTurn. */
  channels: Map<ChannelId, ChannelAdapter>;
  directLine: DirectLineChannel;
  /** Staff in Slack, when its settings are there. */
  slack: SlackChannel | undefined;
}

/** Step two of start-up: web chat always, and each channel whose settings are present. */
export async function buildChannels(options: ChannelsOptions): Promise<Channels> {
  const {
    config,
    db,
    store,
    outbox,
    cases,
    steps,
    queues,
    redis,
    requestRedis,
    translator,
    logger,
    landlord,
    webSecret,
    media,
    prefix,
  } = options;
  const channels = new Map<ChannelId, ChannelAdapter>();
  const directLine: DirectLineChannel = createDirectLineChannel({
    redis: requestRedis,
    createSubscriber: () => redis.duplicate(),
    secret: webSecret,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    keyPrefix: `${prefix}:dl:`,
    media,
    frameAncestors: config.WEBCHAT_FRAME_ANCESTORS,
    logger,
  });
  for (const id of directLine.channelIds) channels.set(id, directLine);
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_FROM) {
    const twilio = createTwilioChannel({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      from: config.TWILIO_FROM,
      apiUrl: config.TWILIO_API_URL,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      logger,
      store,
      outbox,
      translator,
      // HELP names the same landlord and numbers as the dialogs do.
      contact: landlord,
      whatsappTemplates: {
        case_update: config.TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE,
        letter_ready: config.TWILIO_WHATSAPP_TEMPLATE_LETTER_READY,
        survey: config.TWILIO_WHATSAPP_TEMPLATE_SURVEY,
      },
    });
    for (const id of twilio.channelIds) channels.set(id, twilio);
  }
  if (config.META_APP_SECRET && config.META_VERIFY_TOKEN && config.META_PAGE_TOKEN) {
    const meta = createMetaChannel({
      appSecret: config.META_APP_SECRET,
      verifyToken: config.META_VERIFY_TOKEN,
      pageToken: config.META_PAGE_TOKEN,
      graphUrl: config.META_GRAPH_URL,
      logger,
      store,
      outbox,
      translator,
      // A public comment we could not answer privately: a colleague picks it up in Slack.
      notifyStaff: (conversationId, reason) =>
        queues.add(
          'handoff',
          { type: 'handoff_requested', conversationId, caseId: null, reason },
          { id: `public-${stableUuid(conversationId, reason)}` },
        ),
    });
    for (const id of meta.channelIds) channels.set(id, meta);
  }

  // Staff in Slack: cards and threads (handoff queue), buttons and replies (POST /slack/events).
  let slack: SlackChannel | undefined;
  if (channelsOn(config).slack && config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET) {
    // Loaded only when on: Bolt and the Web API add most of a second to every start-up.
    const { createSlackChannel, SlackStore } = await import('../channels/slack/index.js');
    slack = createSlackChannel({
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      apiUrl: config.SLACK_API_URL,
      appToken: config.SLACK_APP_TOKEN,
      routes: config.SLACK_ROUTES,
      caseChannels: config.SLACK_CASE_CHANNELS,
      unclaimedAfterMs: config.SLACK_UNCLAIMED_SECONDS * 1000,
      threadRepliesToCustomer: config.SLACK_THREAD_REPLIES_TO_CUSTOMER,
      teamLeads: config.SLACK_TEAM_LEADS,
      onCall: config.SLACK_ON_CALL,
      emergencyRealertMs: config.SLACK_EMERGENCY_REALERT_SECONDS * 1000,
      landlord: landlordVars(landlord),
      store,
      slackStore: new SlackStore(db),
      cases,
      steps,
      outbox,
      queues,
      redis,
      requestRedis,
      translator,
      logger,
      redisPrefix: prefix,
      ...(options.reports ? { reports: options.reports } : {}),
    });
  }
  return { channels, directLine, slack };
}
