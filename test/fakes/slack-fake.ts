import { randomBytes } from 'node:crypto';
import {
  bearerToken,
  isRecord,
  startHttpFake,
  type FakeResponse,
  type RecordedRequest,
  type RequestMatcher,
} from './http-fake.js';

export interface SlackFakeOptions {
  /** @defaultValue a fresh `xoxb-…` token */
  botToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Channels conversations.info knows. @defaultValue one public channel, `C0INTAKE` `#housing-intake` */
  channels?: SlackChannel[];
  /** Users users.info knows. @defaultValue one colleague, `U0STAFF1` */
  users?: SlackUser[];
  /** User groups usergroups.users.list knows (e.g. the team leads' @complaints-leads). @defaultValue none */
  userGroups?: SlackUserGroup[];
}

export interface SlackUserGroup {
  id: string;
  handle: string;
  users: string[];
}

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
}

export interface SlackUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
}

/** One Web API call with its arguments decoded (JSON-valued form fields such as `blocks` parsed). */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

/** A message as the fake workspace now holds it (after any chat.update and reactions.add). */
export interface SlackMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown;
  threadTs: string | undefined;
  metadata: unknown;
  reactions: string[];
}

export interface SlackView {
  id: string;
  externalId: string | undefined;
  /** Set for views.publish (App Home). */
  userId: string | undefined;
  hash: string;
  view: Record<string, unknown>;
}

export interface SlackFake {
  /** The server's origin. */
  url: string;
  /** `url + '/api/'`: WebClient's `slackApiUrl`, Bolt's `clientOptions.slackApiUrl` (SLACK_API_URL). */
  apiUrl: string;
  botToken: string;
  teamId: string;
  botUserId: string;
  botId: string;
  requests: RecordedRequest[];
  /** Decoded Web API calls, optionally only those of one method. */
  calls(method?: string): SlackCall[];
  messages: SlackMessage[];
  ephemerals: SlackCall[];
  views: SlackView[];
  /** A response_url on this fake for Bolt's `respond()`; what is posted there lands in `responses`. */
  responseUrl(name?: string): string;
  responses: { name: string; body: Record<string, unknown> }[];
  addChannel(channel: SlackChannel): void;
  addUser(user: SlackUser): void;
  /**
   * A view the app returned in its answer to a view submission (`response_action` `push` or
   * `update`): Slack shows it as a view with an id and hash of its own, which the next
   * submission then carries. Returns it as `views` holds it.
   */
  showAnswered(answer: Record<string, unknown> | undefined): SlackView;
  /** The next `n` matching calls answer a raw HTTP `status` (Slack only uses 200 and 429, but proxies fail too). */
  failNext(n: number, status: number, body?: unknown, match?: RequestMatcher): void;
  /** The next `n` calls (of `method`, or any) answer 429 with `Retry-After` and `{ok:false, error:'ratelimited'}`. */
  rateLimitNext(n: number, retryAfterSeconds?: number, method?: string): void;
  /** The next `n` calls (of `method`, or any) answer 200 `{ok:false, error}`, e.g. `channel_not_found`. */
  errorNext(n: number, error: string, method?: string): void;
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type SlackAnswer = Record<string, unknown>;

export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const botToken = options.botToken ?? `xoxb-${randomBytes(12).toString('hex')}`;
  const teamId = options.teamId ?? 'T0HOUSING';
  const botUserId = options.botUserId ?? 'U0GATEWAY';
  const botId = options.botId ?? 'B0GATEWAY';
  const appId = 'A0GATEWAY';
  const channels = new Map<string, SlackChannel>();
  for (const c of options.channels ?? [{ id: 'C0INTAKE', name: 'housing-intake' }]) channels.set(c.id, c);
  const users = new Map<string, SlackUser>();
  for (const u of options.users ?? [{ id: 'U0STAFF1', name: 'sam.staff', realName: 'Sam Staff' }]) users.set(u.id, u);
  const userGroups = new Map<string, SlackUserGroup>();
  for (const g of options.userGroups ?? []) userGroups.set(g.id, g);

  const calls: SlackCall[] = [];
  const messages: SlackMessage[] = [];
  const ephemerals: SlackCall[] = [];
  const views: SlackView[] = [];
  const responses: { name: string; body: Record<string, unknown> }[] = [];
  // Message timestamps are unique and increase, as Slack's do within a channel.
  const tsSeconds = Math.floor(Date.now() / 1000);
  let tsCounter = 0;
  const nextTs = () => `${tsSeconds}.${String(++tsCounter).padStart(6, '0')}`;
  let viewCounter = 0;
  const nextHash = () => `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;

  const methods: Record<string, (args: Args) => SlackAnswer> = {
    'auth.test': () => ({
      url: 'https://housing-fake.slack.com/',
      team: 'Housing Fake',
      user: 'intake-gateway',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),

    'chat.postMessage': (args) => {
      const channel = openChannel(resolveChannel(str(args.channel)));
      if (channel === undefined) return fail('channel_not_found');
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined)
        return fail('no_text');
      const message: SlackMessage = {
        channel,
        ts: nextTs(),
        text: str(args.text),
        blocks: args.blocks,
        threadTs: str(args.thread_ts),
        metadata: args.metadata,
        reactions: [],
      };
      messages.push(message);
      return { channel, ts: message.ts, message: messageJson(message) };
    },

    'chat.update': (args) => {
      const message = findMessage(args.channel, args.ts);
      if (message === undefined) return fail('message_not_found');
      if (args.text !== undefined) message.text = str(args.text);
      if (args.blocks !== undefined) message.blocks = args.blocks;
      return { channel: message.channel, ts: message.ts, text: message.text ?? '', message: messageJson(message) };
    },

    'chat.getPermalink': (args) => {
      const message = findMessage(args.channel, args.message_ts);
      if (message === undefined) return fail('message_not_found');
      const thread = message.threadTs ? `?thread_ts=${message.threadTs}&cid=${message.channel}` : '';
      return {
        channel: message.channel,
        permalink: `https://housing-fake.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}${thread}`,
      };
    },

    'usergroups.users.list': (args) => {
      const group = userGroups.get(str(args.usergroup) ?? '');
      if (group === undefined) return fail('no_such_subteam');
      return { users: [...group.users] };
    },

    'chat.postEphemeral': (args) => {
      if (str(args.channel) === undefined) return fail('channel_not_found');
      if (str(args.user) === undefined) return fail('user_not_in_channel');
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined)
        return fail('no_text');
      return { message_ts: nextTs() };
    },

    'views.open': (args) => {
      if (str(args.trigger_id) === undefined && str(args.interactivity_pointer) === undefined)
        return fail('invalid_arguments');
      if (!isRecord(args.view)) return fail('invalid_arguments');
      return { view: storeView(args.view, undefined) };
    },

    'views.publish': (args) => {
      const userId = str(args.user_id);
      if (userId === undefined) return fail('invalid_arguments');
      if (!isRecord(args.view)) return fail('invalid_arguments');
      const existing = views.find((v) => v.userId === userId);
      if (existing) return { view: replaceView(existing, args.view) };
      return { view: storeView(args.view, userId) };
    },

    'views.update': (args) => {
      if (!isRecord(args.view)) return fail('invalid_arguments');
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      const existing = views.find((v) => (viewId !== undefined ? v.id === viewId : v.externalId === externalId));
      if (existing === undefined) return fail('not_found');
      if (args.hash !== undefined && args.hash !== existing.hash) return fail('hash_conflict');
      return { view: replaceView(existing, args.view) };
    },

    'conversations.info': (args) => {
      const channel = channels.get(str(args.channel) ?? '');
      if (channel === undefined) return fail('channel_not_found');
      return {
        channel: {
          id: channel.id,
          name: channel.name,
          is_channel: !channel.isPrivate,
          is_group: channel.isPrivate === true,
          is_im: false,
          is_private: channel.isPrivate === true,
          is_archived: false,
          is_member: true,
          created: tsSeconds,
          context_team_id: teamId,
        },
      };
    },

    'users.info': (args) => {
      const user = users.get(str(args.user) ?? '');
      if (user === undefined) return fail('user_not_found');
      const realName = user.realName ?? user.name;
      return {
        user: {
          id: user.id,
          team_id: teamId,
          name: user.name,
          deleted: false,
          real_name: realName,
          tz: 'Europe/London',
          tz_label: 'Greenwich Mean Time',
          tz_offset: 0,
          is_bot: false,
          is_admin: false,
          profile: {
            real_name: realName,
            display_name: user.name,
            ...(user.realName
              ? { first_name: user.realName.split(' ')[0], last_name: user.realName.split(' ').slice(1).join(' ') }
              : {}),
            ...(user.email ? { email: user.email } : {}),
          },
        },
      };
    },

    'reactions.add': (args) => {
      const message = findMessage(args.channel, args.timestamp);
      if (message === undefined) return fail('message_not_found');
      const name = str(args.name);
      if (name === undefined) return fail('invalid_name');
      if (message.reactions.includes(name)) return fail('already_reacted');
      message.reactions.push(name);
      return {};
    },
  };

  const http = await startHttpFake((request): FakeResponse => {
    if (request.path.startsWith('/respond/')) {
      responses.push({ name: decodeURIComponent(request.path.slice('/respond/'.length)), body: request.body });
      return { status: 200, body: { ok: true } };
    }
    const method = apiMethod(request);
    if (method === undefined) return { status: 404, body: 'Not Found' };
    const args = decodeArgs(request.body);
    const token = bearerToken(request.headers) ?? str(args.token);
    const call: SlackCall = { method, args, token };
    calls.push(call);
    if (token === undefined) return slackBody(fail('not_authed'));
    if (token !== botToken) return slackBody(fail('invalid_auth'));
    const run = methods[method];
    if (run === undefined) return slackBody(fail('unknown_method'));
    if (method === 'chat.postEphemeral') ephemerals.push(call);
    return slackBody(run(args));
  });

  function openChannel(channel: string | undefined): string | undefined {
    if (channel === undefined || channel === '') return undefined;
    // Posting to a user id opens (or reuses) the bot's DM with them, as Slack does.
    return /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
  }

  /** Slack accepts a channel's #name where it takes an id, and answers with the id. */
  function resolveChannel(channel: string | undefined): string | undefined {
    if (channel === undefined || !channel.startsWith('#')) return channel;
    return [...channels.values()].find((c) => `#${c.name}` === channel)?.id ?? channel;
  }

  function findMessage(channel: unknown, ts: unknown): SlackMessage | undefined {
    return messages.find((m) => m.channel === channel && m.ts === ts);
  }

  function messageJson(message: SlackMessage): Record<string, unknown> {
    return {
      type: 'message',
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      team: teamId,
      ts: message.ts,
      text: message.text ?? '',
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
      ...(message.metadata === undefined ? {} : { metadata: message.metadata }),
    };
  }

  function storeView(view: Record<string, unknown>, userId: string | undefined): Record<string, unknown> {
    const stored: SlackView = {
      id: `V${String(++viewCounter).padStart(8, '0')}`,
      externalId: str(view.external_id),
      userId,
      hash: nextHash(),
      view,
    };
    views.push(stored);
    return viewJson(stored);
  }

  function replaceView(stored: SlackView, view: Record<string, unknown>): Record<string, unknown> {
    stored.view = view;
    stored.hash = nextHash();
    stored.externalId = str(view.external_id) ?? stored.externalId;
    return viewJson(stored);
  }

  function viewJson(stored: SlackView): Record<string, unknown> {
    return {
      ...stored.view,
      id: stored.id,
      team_id: teamId,
      app_id: appId,
      bot_id: botId,
      hash: stored.hash,
      root_view_id: stored.id,
      previous_view_id: null,
      external_id: stored.externalId ?? '',
      private_metadata: stored.view.private_metadata ?? '',
      callback_id: stored.view.callback_id ?? '',
      state: { values: {} },
    };
  }

  const forMethod = (method: string | undefined): RequestMatcher =>
    method === undefined ? (r) => r.path.startsWith('/api/') : (r) => apiMethod(r) === method;

  return {
    url: http.url,
    apiUrl: `${http.url}/api/`,
    botToken,
    teamId,
    botUserId,
    botId,
    requests: http.requests,
    calls: (method) => (method === undefined ? calls : calls.filter((c) => c.method === method)),
    messages,
    ephemerals,
    views,
    responseUrl: (name = 'default') => `${http.url}/respond/${encodeURIComponent(name)}`,
    responses,
    addChannel: (channel) => void channels.set(channel.id, channel),
    addUser: (user) => void users.set(user.id, user),
    showAnswered(answer) {
      const view = answer?.view;
      if (!isRecord(view) || (answer?.response_action !== 'push' && answer?.response_action !== 'update')) {
        throw new Error(`the app answered no view to show: ${JSON.stringify(answer)}`);
      }
      storeView(view, undefined);
      return views[views.length - 1]!;
    },
    failNext(n, status, body, match) {
      http.failNext(n, { status, body: body ?? `fake slack: scripted HTTP ${status}` }, match);
    },
    rateLimitNext(n, retryAfterSeconds = 1, method) {
      http.failNext(
        n,
        {
          status: 429,
          headers: { 'retry-after': String(retryAfterSeconds) },
          body: { ok: false, error: 'ratelimited' },
        },
        forMethod(method),
      );
    },
    errorNext(n, error, method) {
      http.failNext(n, { status: 200, body: { ok: false, error } }, forMethod(method));
    },
    close: () => http.close(),
  };
}

function apiMethod(request: RecordedRequest): string | undefined {
  const match = /^\/api\/([A-Za-z0-9._]+)$/.exec(request.path);
  return request.method === 'POST' || request.method === 'GET' ? match?.[1] : undefined;
}

/** WebClient form-encodes every argument, JSON-encoding objects and arrays; undo that. */
function decodeArgs(body: Record<string, unknown>): Args {
  const args: Args = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        args[name] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    args[name] = value;
  }
  return args;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function fail(error: string): SlackAnswer {
  return { ok: false, error };
}

/** Slack answers HTTP 200 for success and for most errors: `{ok: true, ...}` or `{ok: false, error}`. */
function slackBody(answer: SlackAnswer): FakeResponse {
  return { status: 200, body: answer.ok === false ? answer : { ok: true, ...answer } };
}
