import { randomBytes } from 'node:crypto';
import type { SlackFake, SlackView } from '../fakes/slack-fake.js';
import { waitFor } from '../helpers/redis.js';
import { signedSlackRequest } from '../helpers/sign.js';

/** Requests exactly as Slack sends them to POST /slack/events, signed with the app's signing secret. */

export interface SlackAnswer {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
}

export interface Signing {
  secret: string;
  /** Unix seconds; default now. */
  timestamp?: number;
}

export class SlackRequests {
  constructor(
    private readonly url: () => string,
    private readonly fake: SlackFake,
    private readonly secret: string,
  ) {}

  private async post(
    body: string,
    contentType: 'application/json' | 'application/x-www-form-urlencoded',
    signing?: Signing,
  ): Promise<SlackAnswer> {
    const signed = signedSlackRequest(signing?.secret ?? this.secret, body, contentType, signing?.timestamp);
    const response = await fetch(`${this.url()}/slack/events`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  /** An Events API callback (a message in a thread, app_home_opened). */
  event(event: Record<string, unknown>, signing?: Signing): Promise<SlackAnswer> {
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: this.fake.teamId,
      api_app_id: 'A0GATEWAY',
      event: { event_ts: event.ts ?? ts(), ...event },
      type: 'event_callback',
      event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.fake.teamId,
          user_id: this.fake.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    });
    return this.post(body, 'application/json', signing);
  }

  /** A colleague's reply in a card's thread. */
  threadReply(
    user: string,
    channel: string,
    threadTs: string,
    text: string,
    signing?: Signing,
    messageTs: string = ts(),
  ): Promise<SlackAnswer> {
    return this.event(
      { type: 'message', channel, user, text, ts: messageTs, thread_ts: threadTs, channel_type: 'channel' },
      signing,
    );
  }

  private interactive(payload: Record<string, unknown>): Promise<SlackAnswer> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, 'application/x-www-form-urlencoded');
  }

  /** A button on a card, pressed by a colleague. */
  button(user: string, card: { channel: string; ts: string }, actionId: string, value: string): Promise<SlackAnswer> {
    return this.interactive({
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.fake.teamId },
      api_app_id: 'A0GATEWAY',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: card.ts, channel_id: card.channel, is_ephemeral: false },
      trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      team: { id: this.fake.teamId, domain: 'housing-fake' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: card.channel, name: card.channel.toLowerCase() },
      message: { type: 'message', ts: card.ts, text: 'card', user: this.fake.botUserId, bot_id: this.fake.botId },
      response_url: this.fake.responseUrl('button'),
      actions: [{ action_id: actionId, block_id: 'case_actions', value, type: 'button', action_ts: ts() }],
    });
  }

  /** A colleague submits a modal the gateway opened, with a value for each input block. */
  submit(
    user: string,
    opened: SlackView,
    values: Record<string, { select?: string; date?: string; text?: string; user?: string; checked?: string[] }> = {},
  ): Promise<SlackAnswer> {
    const state: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const [blockId, value] of Object.entries(values)) {
      state[blockId] = {
        value:
          value.select !== undefined
            ? {
                type: 'static_select',
                selected_option: { text: { type: 'plain_text', text: value.select }, value: value.select },
              }
            : value.date !== undefined
              ? { type: 'datepicker', selected_date: value.date }
              : value.user !== undefined
                ? { type: 'users_select', selected_user: value.user }
                : value.checked !== undefined
                  ? {
                      type: 'checkboxes',
                      selected_options: value.checked.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })),
                    }
                  : { type: 'plain_text_input', value: value.text ?? null },
      };
    }
    return this.interactive({
      type: 'view_submission',
      team: { id: this.fake.teamId, domain: 'housing-fake' },
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.fake.teamId },
      api_app_id: 'A0GATEWAY',
      token: 'legacy-verification-token',
      trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      view: {
        ...opened.view,
        id: opened.id,
        team_id: this.fake.teamId,
        state: { values: state },
        hash: opened.hash,
        private_metadata: opened.view.private_metadata,
        callback_id: opened.view.callback_id,
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  /**
   * A colleague writes to the customer the explicit way: the card's *Reply to customer*
   * button, the message in the modal, then *Send* on the preview. Returns the preview.
   */
  async replyToCustomer(
    user: string,
    card: { channel: string; ts: string },
    caseId: string,
    text: string,
  ): Promise<SlackView> {
    const before = this.fake.views.length;
    await this.button(user, card, 'case_reply', `case:${caseId}`);
    const opened = await waitFor(
      async () => this.fake.views.slice(before).find((v) => v.view.callback_id === 'reply_write_modal'),
      'the reply modal',
    );
    const previewed = await this.submit(user, opened, { message: { text } });
    if (previewed.json?.response_action !== 'push')
      throw new Error(`the reply modal did not show a preview: ${previewed.text}`);
    const preview = this.fake.showAnswered(previewed.json);
    const sent = await this.submit(user, preview);
    if (sent.json?.response_action !== 'clear') throw new Error(`the preview did not send: ${sent.text}`);
    return preview;
  }

  /** A message shortcut chosen from a message's ⋯ menu (e.g. "Reply to customer" on a message in a card's thread). */
  messageShortcut(
    user: string,
    callbackId: string,
    message: { channel: string; ts: string; threadTs?: string; text: string; user?: string },
  ): Promise<SlackAnswer> {
    return this.interactive({
      type: 'message_action',
      token: 'legacy-verification-token',
      action_ts: ts(),
      team: { id: this.fake.teamId, domain: 'housing-fake' },
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.fake.teamId },
      channel: { id: message.channel, name: message.channel.toLowerCase() },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      response_url: this.fake.responseUrl('shortcut'),
      message_ts: message.ts,
      message: {
        type: 'message',
        user: message.user ?? user,
        ts: message.ts,
        text: message.text,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      },
    });
  }

  /** A slash command typed in a channel. */
  command(user: string, channel: { id: string; name: string }, command: string, text: string): Promise<SlackAnswer> {
    const body = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: this.fake.teamId,
      team_domain: 'housing-fake',
      channel_id: channel.id,
      channel_name: channel.name,
      user_id: user,
      user_name: user.toLowerCase(),
      command,
      text,
      api_app_id: 'A0GATEWAY',
      is_enterprise_install: 'false',
      response_url: this.fake.responseUrl('command'),
      trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
    }).toString();
    return this.post(body, 'application/x-www-form-urlencoded');
  }
}

let tsCounter = 0;
/** A Slack message ts for something a colleague typed. */
export function ts(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(900_000 + ++tsCounter).padStart(6, '0')}`;
}
