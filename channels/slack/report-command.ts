import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/logger.js';
import type { ReportHeadline } from '../../src/reports/summary.js';
import { escapeSlack } from './escape.js';
import { channelAllowed } from './routing.js';
import { SlashCommandSchema } from './payloads.js';

/**
 * `/report`: this quarter's headline complaint figures with a link to the whole report, in the
 * channels allowed to see it (SLACK_REPORT_CHANNELS); and the monthly summary, posted to the
 * first of them. Figures only, no personal details (docs/rules/reporting.md).
 */
export interface SlackReports {
  /** Channels (ids or #names) where /report answers; the monthly summary goes to the first. */
  channels: readonly string[];
  /** This quarter so far, or why there is no report (LANDLORD_HOMES unset). */
  quarter(now: Date): Promise<ReportHeadline | string>;
}

export function reportBlocks(headline: ReportHeadline): { text: string; blocks: object[] } {
  const text = `${headline.title}\n${headline.lines.join('\n')}\n${headline.link}`;
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headline.title.slice(0, 150) } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: headline.lines.map((l) => `• ${escapeSlack(l)}`).join('\n') },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `<${headline.link}|The full report (HTML, with PDF and CSV)>: the link works for 7 days.`,
        },
      },
    ],
  };
}

export function registerReportCommand(app: App, reports: SlackReports, logger: Logger): void {
  app.command('/report', async ({ ack, body }) => {
    const parsed = SlashCommandSchema.safeParse(body);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'slack: unreadable /report command');
      return void (await ack({
        response_type: 'ephemeral',
        text: '/report could not read that request. Usage: `/report`.',
      }));
    }
    const command = parsed.data;
    if (!channelAllowed(reports.channels, command.channel_id, command.channel_name)) {
      return void (await ack({
        response_type: 'ephemeral',
        text: `/report works only in ${reports.channels.join(', ')}.`,
      }));
    }
    const headline = await reports.quarter(new Date());
    if (typeof headline === 'string') return void (await ack({ response_type: 'ephemeral', text: headline }));
    // In the channel, for everyone there: the figures are the team's.
    await ack({ response_type: 'in_channel', ...reportBlocks(headline) });
  });
}

/** The monthly summary, to the first report channel. */
export async function postReportSummary(client: WebClient, channel: string, headline: ReportHeadline): Promise<void> {
  await client.chat.postMessage({ channel, unfurl_links: false, ...reportBlocks(headline) } as Parameters<
    WebClient['chat']['postMessage']
  >[0]);
}
