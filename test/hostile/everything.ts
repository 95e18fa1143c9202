import type { Role } from '../../app/gateway.js';
import type { Message } from '../../src/db/rows.js';
import { startGraphFake, type GraphFake } from '../fakes/graph-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SlackRequests } from '../slack/slack-requests.js';
import { freePort } from '../webchat-e2e/helpers.js';

/**
 * The whole gateway with every channel on (SMS and WhatsApp through the Twilio fake, Meta
 * through the Graph fake, Slack through the Slack fake, web chat over Direct Line), for
 * tests that try it as an attacker would.
 */

export const OUR_NUMBER = '+447700900000';
export const META_APP_SECRET = 'meta-app-secret-for-hostile-tests';
export const SLACK_SIGNING_SECRET = 'slack-signing-secret-for-hostile-tests';
export const SLACK_CHANNELS = {
  complaints: 'G0COMPLAINTS',
  customerServices: 'C0CUSTSERV',
  emergencies: 'G0EMERGENCY',
  seniorManagers: 'G0SENIOR',
};
export const SAM = 'U0SAM';

export interface Everything {
  gateway: TestGateway;
  twilio: TwilioFake;
  graph: GraphFake;
  slack: SlackFake;
  requests: SlackRequests;
  /** Inbound rows with this provider id. */
  stored(providerMessageId: string): Promise<Message | undefined>;
  close(): Promise<void>;
}

export async function startEverything(
  env: Record<string, string> = {},
  options: { role?: Role } = {},
): Promise<Everything> {
  const twilio = await startTwilioFake();
  const graph = await startGraphFake();
  const slack = await startSlackFake({
    channels: [
      { id: SLACK_CHANNELS.complaints, name: 'complaints-liaison', isPrivate: true },
      { id: SLACK_CHANNELS.customerServices, name: 'customer-services' },
      { id: SLACK_CHANNELS.emergencies, name: 'emergency-repairs', isPrivate: true },
      { id: SLACK_CHANNELS.seniorManagers, name: 'senior-managers', isPrivate: true },
    ],
    users: [{ id: SAM, name: 'sam.okafor', realName: 'Sam Okafor' }],
  });
  const port = await freePort();
  const gateway = await startTestGateway(
    {
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: OUR_NUMBER,
      TWILIO_API_URL: twilio.url,
      META_APP_SECRET,
      META_VERIFY_TOKEN: 'verify-token-for-hostile-tests',
      META_PAGE_TOKEN: graph.pageToken,
      META_GRAPH_URL: graph.url,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_ROUTES: JSON.stringify(SLACK_CHANNELS),
      ...env,
    },
    options,
  );
  return {
    gateway,
    twilio,
    graph,
    slack,
    requests: new SlackRequests(() => gateway.url, slack, SLACK_SIGNING_SECRET),
    stored: async (providerMessageId) =>
      (
        await gateway.store.db.query<Message>(
          `select * from messages where provider_message_id = $1 and direction = 'inbound'`,
          [providerMessageId],
        )
      )[0],
    async close() {
      await gateway.stop();
      await Promise.all([twilio.close(), graph.close(), slack.close()]);
    },
  };
}
