import { App, ExpressReceiver, SocketModeReceiver, type Authorize } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import express, { type Router } from 'express';
import type { Logger } from '../../src/logger.js';
import { registerPartyActions } from './parties-actions.js';
import { registerActions } from './actions.js';
import { registerAppHome } from './app-home.js';
import { registerStepActions } from './step-actions.js';
import { registerCaseCommand } from './case-command.js';
import { registerReportCommand, type SlackReports } from './report-command.js';
import type { SlackHandlerDeps } from './handler-deps.js';
import { slackProcessErrorHandler, slackRequestGuard } from './request-guard.js';
import { slackLogger } from './slack-logger.js';
import { registerSubmissions } from './submissions.js';
import { registerThreadReplies } from './thread-replies.js';
import { slackRetryConfig } from './web-client.js';

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  /** SLACK_APP_TOKEN: Socket Mode instead of POST /slack/events. */
  appToken?: string;
  /** Used once, for auth.test: who our bot is, so Bolt can ignore our own messages. */
  client: WebClient;
  logger: Logger;
  /** `/report` (SLACK_REPORT_CHANNELS). @defaultValue none: /report is not answered */
  reports?: SlackReports;
}

export interface SlackReceiver {
  /** The POST /slack/events route (HTTP mode); undefined over Socket Mode. */
  router: Router | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Authorise every request as our one workspace's bot, asking Slack who that is once (and
 * again only after a failure), rather than at start-up, when Slack may be unreachable.
 */
function singleBot(botToken: string, client: WebClient): Authorize<boolean> {
  let identity: Promise<{ botUserId?: string; botId?: string }> | undefined;
  return async () => {
    identity ??= client.auth
      .test()
      .then((r) => ({ botUserId: r.user_id, botId: r.bot_id }))
      .catch((error: unknown) => {
        identity = undefined;
        throw error;
      });
    return { botToken, ...(await identity) };
  };
}

/**
 * The Bolt app on our own express server: events, interactivity and slash commands all at
 * POST /slack/events, each verified against SLACK_SIGNING_SECRET over the raw body with the
 * five-minute replay window (Bolt's own verifier). Listeners run before Slack gets its
 * answer (processBeforeResponse), so what they store is stored when Slack hears 200.
 */
export function createSlackApp(options: SlackAppOptions, deps: SlackHandlerDeps): SlackReceiver {
  const logger = slackLogger(options.logger, 'slack-bolt');
  const clientOptions = {
    slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
    retryConfig: slackRetryConfig,
  };
  const authorize = singleBot(options.botToken, options.client);
  let app: App;
  let receiver: SlackReceiver;
  if (options.appToken) {
    const socket = new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions } });
    app = new App({ receiver: socket, authorize, clientOptions, logger });
    receiver = {
      router: undefined,
      start: async () => void (await app.start()),
      stop: () => app.stop().then(() => undefined),
    };
  } else {
    const router = express.Router();
    // Before Bolt's verifier: what it lets through (channels/slack/request-guard.ts).
    router.post(
      '/slack/events',
      ...slackRequestGuard({ signingSecret: options.signingSecret, logger: options.logger }),
    );
    const http = new ExpressReceiver({
      signingSecret: options.signingSecret,
      endpoints: '/slack/events',
      processBeforeResponse: true,
      processEventErrorHandler: slackProcessErrorHandler(options.logger),
      router,
      logger,
    });
    app = new App({ receiver: http, authorize, clientOptions, logger });
    receiver = { router: http.router as Router, start: async () => undefined, stop: async () => undefined };
  }
  app.error(async (error) => {
    options.logger.warn({ code: error.code, err: error.message }, 'slack listener failed');
    // Rethrown, so Slack gets an error and retries an event; nothing is half-said.
    throw error;
  });
  registerActions(app, deps);
  registerSubmissions(app, deps);
  registerThreadReplies(app, deps);
  registerCaseCommand(app, deps);
  registerStepActions(app, deps);
  if (options.reports) registerReportCommand(app, options.reports, options.logger);
  registerAppHome(app, deps);
  registerPartyActions(app, deps);
  return receiver;
}
