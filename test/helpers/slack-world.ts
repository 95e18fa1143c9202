import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { SlackRequests } from '../slack/slack-requests.js';
import { startTestGateway, type TestGateway } from './gateway.js';

/** Our SMS number, as customers text it. */
export const OUR_NUMBER = '+447700900000';
export const SIGNING_SECRET = 'slack-signing-secret-for-tests';
/** The landlord's Slack channels, as SLACK_ROUTES names them. */
export const CH = {
  complaints: 'C0COMPLAINTS',
  customerServices: 'C0CUSTSERV',
  emergencies: 'C0EMERGENCY',
  seniorManagers: 'C0SENIOR',
} as const;
export const SAM = 'U0STAFF1';

/** A port nobody is listening on, for PUBLIC_BASE_URL to name before the gateway opens it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface SlackWorld {
  slack: SlackFake;
  twilio: TwilioFake;
  gateway: TestGateway;
  /** Signed requests to the gateway's Slack endpoint, as Slack makes them. */
  requests: SlackRequests;
  stop(): Promise<void>;
}

/**
 * The whole gateway with SMS (against the Twilio fake) and Slack (against the Slack fake, in
 * the four channels of CH, with Sam as a colleague): what a complaint handled in Slack needs.
 * `users` adds colleagues; `env` adds or overrides settings.
 */
export async function startSlackWorld(
  options: { users?: { id: string; name: string; realName: string }[]; env?: Record<string, string> } = {},
): Promise<SlackWorld> {
  const slack = await startSlackFake({
    channels: [
      { id: CH.complaints, name: 'complaints-liaison' },
      { id: CH.customerServices, name: 'customer-services' },
      { id: CH.emergencies, name: 'emergency-repairs' },
      { id: CH.seniorManagers, name: 'senior-managers' },
    ],
    users: [{ id: SAM, name: 'sam.staff', realName: 'Sam Staff' }, ...(options.users ?? [])],
  });
  const twilio = await startTwilioFake();
  const port = await freePort();
  const gateway = await startTestGateway({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: OUR_NUMBER,
    TWILIO_API_URL: twilio.url,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ROUTES: JSON.stringify(CH),
    ...options.env,
  });
  return {
    slack,
    twilio,
    gateway,
    requests: new SlackRequests(() => gateway.url, slack, SIGNING_SECRET),
    async stop() {
      await gateway.stop();
      await twilio.close();
      await slack.close();
    },
  };
}
