import { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/logger.js';
import { slackLogger } from './slack-logger.js';

export interface SlackClientOptions {
  token: string;
  /** SLACK_API_URL: the real Web API, or a local fake in tests. */
  apiUrl: string;
  logger: Logger;
}

/**
 * The WebClient's own default retries for ~30 minutes; our handoff queue already retries
 * with backoff, so the client tries briefly and lets the job fail back to BullMQ.
 */
export const slackRetryConfig = { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 1_000 };

export function createSlackClient(options: SlackClientOptions): WebClient {
  return new WebClient(options.token, {
    slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
    retryConfig: slackRetryConfig,
    logger: slackLogger(options.logger, 'slack-web-api'),
    timeout: 10_000,
  });
}
