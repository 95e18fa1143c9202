import { randomBytes } from 'node:crypto';
import { signedTwilioRequest } from '../helpers/sign.js';
import {
  basicAuth,
  field,
  isRecord,
  startHttpFake,
  type FakeResponse,
  type RecordedRequest,
  type RequestMatcher,
} from './http-fake.js';

export interface TwilioFakeOptions {
  /** @defaultValue a fresh `AC…` sid */
  accountSid?: string;
  /** @defaultValue a fresh random token */
  authToken?: string;
  /**
   * How long after accepting a WhatsApp message the fake reports it failed (63016 outside
   * the window, 63021 for content WhatsApp would not show), as Twilio reports it: accepted
   * with 201, then a failed delivery receipt, about a second later. @defaultValue 1000
   */
  whatsappRefusalDelayMs?: number;
}

/** A reply button or list item as WhatsApp shows it. */
export interface ContentChoice {
  title: string;
  id: string;
}

export interface SentSms {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  status: string;
  /** Sent as Content (ContentSid), with the variables it was filled with. */
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
  /** Reply buttons shown under the body (twilio/quick-reply). */
  buttons: ContentChoice[];
  /** A list behind a button (twilio/list-picker). */
  list: { button: string; items: ContentChoice[] } | null;
  /** Set when the fake refused it after accepting it (63016, 63021), as Twilio reports it. */
  errorCode: number | null;
  /** When Twilio accepted it (the fake's clock); the fake hands it to the carrier at once, so DateSent is the same. */
  dateCreated: Date;
}

/** A Content resource, as made through the Content API (`POST /v1/Content`) or approved by WhatsApp. */
export interface FakeContent {
  sid: string;
  friendlyName: string;
  language: string;
  variables: Record<string, string>;
  types: Record<string, unknown>;
  /** Approved by WhatsApp as a template: may start a conversation outside the 24-hour window. */
  approved: boolean;
}

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  /** Reuse a sid to replay a webhook, as Twilio does when the first attempt times out. @defaultValue a fresh `SM…` */
  messageSid?: string;
  /** MMS attachments: sent as NumMedia, MediaUrl{n} and MediaContentType{n}, with an `MM…` sid. */
  media?: { url: string; contentType: string }[];
  /** WhatsApp only: the name on the sender's profile. */
  profileName?: string;
  /** WhatsApp only: a tapped reply button's id and title (sent as ButtonPayload and ButtonText, the title as Body). */
  button?: ContentChoice;
  /** WhatsApp only: a picked list item's id and title (sent as ListId and ListTitle, the title as Body). */
  listItem?: ContentChoice;
}

export type SmsStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface TwilioFake {
  /** Pass as `apiUrl` to createTwilioClient (TWILIO_API_URL). */
  url: string;
  accountSid: string;
  authToken: string;
  requests: RecordedRequest[];
  /** Messages accepted (201), in order. */
  sent: SentSms[];
  /** Content resources, made through the Content API or approved with approveTemplate(). */
  contents: FakeContent[];
  /**
   * A WhatsApp template as if made in the console and approved by WhatsApp: a twilio/text
   * body with `{{1}}`-style variables. Returns its Content SID. `pending`: submitted but not
   * approved yet, so WhatsApp refuses it outside the window like any other message.
   */
  approveTemplate(template: { body: string; language?: string; friendlyName?: string; pending?: boolean }): string;
  /** Moves the fake's clock on (WhatsApp's 24-hour window is counted on it). */
  advanceClock(ms: number): void;
  /** The next `n` matching calls answer `status` with a Twilio error body (20503 for 503, …) unless `body` is given. */
  failNext(n: number, status: number, body?: unknown, match?: RequestMatcher): void;
  /**
   * The next `n` messages are accepted (they are in `sent` and will reach the phone) but
   * the answer never gets back to the caller: the connection drops, as when a worker dies
   * or the network fails between Twilio accepting a message and the sender hearing so.
   */
  loseAnswers(n: number): void;
  /** Every send to `to` is refused from now on, as Twilio does for 21610 (unsubscribed) or 21211 (invalid number). */
  rejectRecipient(to: string, code: number, message?: string, status?: number): void;
  /**
   * Posts a signed delivery status callback for `sid` to its StatusCallback URL, as Twilio
   * does; returns the HTTP status the gateway answered.
   */
  deliver(sid: string, status: SmsStatus, options?: { errorCode?: number }): Promise<number>;
  /**
   * Posts a signed inbound-SMS webhook to `webhookUrl` with the fields Twilio sends for a UK
   * number; returns the gateway's status and body (TwiML or empty) and the MessageSid used.
   */
  receive(webhookUrl: string, sms: InboundSms): Promise<{ status: number; body: string; messageSid: string }>;
  close(): Promise<void>;
}

/** Wording Twilio uses for the errors the gateway must handle; see twilio.com/docs/errors/{code}. */
const TWILIO_ERRORS: Readonly<Record<number, { status: number; message: string }>> = {
  20003: { status: 401, message: 'Authenticate' },
  20404: { status: 404, message: 'The requested resource was not found' },
  20429: { status: 429, message: 'Too Many Requests' },
  20500: { status: 500, message: 'An internal server error has occurred' },
  20503: { status: 503, message: 'Service is unavailable. Please try again' },
  21211: { status: 400, message: "Invalid 'To' Phone Number" },
  21602: { status: 400, message: 'Message body is required.' },
  21603: { status: 400, message: "A 'From' phone number is required." },
  21604: { status: 400, message: "A 'To' phone number is required." },
  21610: { status: 400, message: 'Attempt to send to unsubscribed recipient' },
  21614: { status: 400, message: "'To' number is not a valid mobile number" },
  21617: { status: 400, message: 'The concatenated message body exceeds the 1600 character limit.' },
  21655: { status: 400, message: 'The ContentSid is Invalid.' },
  21656: { status: 400, message: 'The ContentVariables Parameter is invalid.' },
};

const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Twilio's Content API answers a request it cannot read with this, e.g. the SDK's camelCase `types` (twilio-node #1046). */
const CONTENT_TYPES_REQUIRED = 'Invalid types. At least one content type definition is required';

const CODE_FOR_STATUS: Readonly<Record<number, number>> = {
  401: 20003,
  404: 20404,
  429: 20429,
  500: 20500,
  503: 20503,
};

/** Twilio's error body: `{code, message, more_info, status}`, which the SDK turns into a RestException. */
export function twilioError(code: number, message?: string, status?: number): FakeResponse {
  const known = TWILIO_ERRORS[code];
  const httpStatus = status ?? known?.status ?? 400;
  return {
    status: httpStatus,
    body: {
      code,
      message: message ?? known?.message ?? `Twilio error ${code}`,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: httpStatus,
    },
  };
}

const E164 = /^\+[1-9]\d{6,14}$/;

export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const sent: SentSms[] = [];
  const rejected = new Map<string, FakeResponse>();
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages`;
  const contents: FakeContent[] = [];
  let clockOffset = 0;
  const now = (): number => Date.now() + clockOffset;
  /** When each WhatsApp customer last wrote to each of our senders (`customer|ours`), on the fake's clock. */
  const lastInbound = new Map<string, number>();
  const refusalDelayMs = options.whatsappRefusalDelayMs ?? 1000;
  let answersToLose = 0;

  const http = await startHttpFake((request) => {
    const auth = basicAuth(request.headers);
    if (auth?.user !== accountSid || auth.password !== authToken) return twilioError(20003);

    if (request.method === 'POST' && request.path === `${messagesPath}.json`) return createMessage(request);
    if (request.method === 'GET' && request.path === `${messagesPath}.json`) return listMessages(request);
    if (request.path === '/v1/Content' && request.method === 'POST') return createContent(request);
    if (request.path === '/v1/Content' && request.method === 'GET') return listContents(request);
    const content = /^\/v1\/Content\/(HX[0-9a-f]{32})$/.exec(request.path);
    const known = content && contents.find((c) => c.sid === content[1]);
    if (request.method === 'GET' && known) return { status: 200, body: contentResource(known) };
    const fetchMatch = new RegExp(`^${messagesPath}/(SM[0-9a-f]{32})\\.json$`).exec(request.path);
    const found = fetchMatch && sent.find((m) => m.sid === fetchMatch[1]);
    if (request.method === 'GET' && found) return { status: 200, body: messageResource(found) };
    return twilioError(20404, `The requested resource ${request.path} was not found`);
  });

  function createMessage(request: RecordedRequest): FakeResponse {
    const to = field(request.body, 'To');
    const from = field(request.body, 'From') ?? null;
    const messagingServiceSid = field(request.body, 'MessagingServiceSid') ?? null;
    const contentSid = field(request.body, 'ContentSid') ?? null;
    let body = field(request.body, 'Body');
    if (to === undefined) return twilioError(21604);
    if (from === null && messagingServiceSid === null) return twilioError(21603);
    let rendered: RenderedContent | undefined;
    if (contentSid !== null) {
      const content = contents.find((c) => c.sid === contentSid);
      if (!content) return twilioError(21655);
      const result = renderContent(content, field(request.body, 'ContentVariables'));
      if ('error' in result) return twilioError(21656, result.error);
      rendered = result;
      body = result.body;
    }
    if (body === undefined || body === '') return twilioError(21602);
    // WhatsApp through Twilio addresses both sides as `whatsapp:+…`.
    if (!E164.test(to.replace(/^whatsapp:/, '')))
      return twilioError(21211, `The 'To' number ${to} is not a valid phone number.`);
    if (body.length > 1600) return twilioError(21617);
    const refusal = rejected.get(to);
    if (refusal) return refusal;

    const message: SentSms = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to,
      from,
      body,
      messagingServiceSid,
      statusCallback: field(request.body, 'StatusCallback') ?? null,
      // With only a Messaging Service, Twilio picks the sender later and reports 'accepted'.
      status: from === null ? 'accepted' : 'queued',
      contentSid,
      contentVariables: rendered?.variables ?? null,
      buttons: rendered?.buttons ?? [],
      list: rendered?.list ?? null,
      errorCode: null,
      dateCreated: new Date(now()),
    };
    sent.push(message);
    if (answersToLose > 0) {
      answersToLose -= 1;
      return { status: 201, drop: true };
    }
    if (to.startsWith('whatsapp:')) {
      // WhatsApp's rules are applied after Twilio accepts the message, and reported as a failed delivery.
      const refusal = whatsappRefusal(message, rendered);
      if (refusal !== undefined) {
        message.status = 'failed';
        message.errorCode = refusal;
        setTimeout(() => void postStatus(message, 'failed', refusal).catch(() => undefined), refusalDelayMs);
      }
    }
    return { status: 201, body: messageResource(message) };
  }

  /**
   * What WhatsApp refuses: anything but an approved template more than 24 hours after the
   * customer last wrote (63016), and session buttons or lists beyond its limits (63021).
   */
  function whatsappRefusal(message: SentSms, rendered: RenderedContent | undefined): number | undefined {
    const key = `${message.to}|${message.from ?? message.messagingServiceSid ?? ''}`;
    const approved = rendered?.approved === true;
    const last =
      lastInbound.get(key) ??
      [...lastInbound].find(([k]) => k.startsWith(`${message.to}|`) && message.from === null)?.[1];
    if (!approved && (last === undefined || now() - last > WHATSAPP_WINDOW_MS)) return 63016;
    if (rendered && !approved) {
      const long = (text: string, max: number) => [...text].length > max;
      if ([...rendered.body].length > 1024) return 63021;
      if (rendered.buttons.length > 3 || rendered.buttons.some((b) => long(b.title, 20) || b.title.trim() === ''))
        return 63021;
      if (
        rendered.list &&
        (rendered.list.items.length > 10 ||
          long(rendered.list.button, 20) ||
          rendered.list.items.some((i) => long(i.title, 24) || i.title.trim() === ''))
      )
        return 63021;
    }
    return undefined;
  }

  /**
   * GET …/Messages.json as Twilio filters it: To, From, DateSent (a day), DateSent> and
   * DateSent< (on or after / on or before, to the second), newest first, PageSize and Page.
   */
  function listMessages(request: RecordedRequest): FakeResponse {
    const q = request.query;
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    const parse = (v: string | undefined) =>
      v === undefined ? undefined : new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
    const after = parse(q['DateSent>']);
    const before = parse(q['DateSent<']);
    const on = q.DateSent;
    if ([after, before].some((d) => d !== undefined && Number.isNaN(d.getTime())))
      return twilioError(20001, 'Invalid DateSent');
    const matching = sent
      .filter((m) => (q.To === undefined || m.to === q.To) && (q.From === undefined || m.from === q.From))
      .filter(
        (m) =>
          (after === undefined || seconds(m.dateCreated) >= seconds(after)) &&
          (before === undefined || seconds(m.dateCreated) <= seconds(before)),
      )
      .filter((m) => on === undefined || m.dateCreated.toISOString().slice(0, 10) === on)
      .reverse();
    const pageSize = Math.min(1000, Math.max(1, Number(q.PageSize ?? 50)));
    const page = Math.max(0, Number(q.Page ?? 0));
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    const base = `${messagesPath}.json?${new URLSearchParams(Object.entries(q).filter(([k]) => k !== 'Page' && k !== 'PageToken')).toString()}`;
    const hasNext = (page + 1) * pageSize < matching.length;
    return {
      status: 200,
      body: {
        messages: slice.map(messageResource),
        end: page * pageSize + Math.max(0, slice.length - 1),
        first_page_uri: `${base}&Page=0`,
        next_page_uri: hasNext ? `${base}&Page=${page + 1}&PageToken=PA${page + 1}` : null,
        page,
        page_size: pageSize,
        previous_page_uri: page > 0 ? `${base}&Page=${page - 1}` : null,
        start: page * pageSize,
        uri: `${base}&Page=${page}`,
      },
    };
  }

  function createContent(request: RecordedRequest): FakeResponse {
    const body = request.body;
    const types = body.types;
    const language = body.language;
    const known = ['twilio/text', 'twilio/quick-reply', 'twilio/list-picker'];
    if (!isRecord(types) || !Object.keys(types).some((k) => known.includes(k)))
      return twilioError(20001, CONTENT_TYPES_REQUIRED);
    if (typeof language !== 'string' || language === '') return twilioError(20001, 'Language is required');
    const variables = isRecord(body.variables)
      ? Object.fromEntries(Object.entries(body.variables).map(([k, v]) => [k, String(v)]))
      : {};
    const content: FakeContent = {
      sid: `HX${randomBytes(16).toString('hex')}`,
      friendlyName: typeof body.friendly_name === 'string' ? body.friendly_name : '',
      language,
      variables,
      types,
      approved: false,
    };
    contents.push(content);
    return { status: 201, body: contentResource(content) };
  }

  function listContents(request: RecordedRequest): FakeResponse {
    const pageSize = Math.min(1000, Math.max(1, Number(request.query.PageSize ?? 50)));
    const page = Math.max(0, Number(request.query.Page ?? 0));
    const slice = contents.slice(page * pageSize, (page + 1) * pageSize);
    const url = (p: number) => `https://content.twilio.com/v1/Content?PageSize=${pageSize}&Page=${p}`;
    return {
      status: 200,
      body: {
        contents: slice.map(contentResource),
        meta: {
          page,
          page_size: pageSize,
          first_page_url: url(0),
          previous_page_url: page > 0 ? url(page - 1) : null,
          url: url(page),
          next_page_url: (page + 1) * pageSize < contents.length ? url(page + 1) : null,
          key: 'contents',
        },
      },
    };
  }

  function contentResource(content: FakeContent): Record<string, unknown> {
    const at = new Date().toISOString();
    return {
      sid: content.sid,
      account_sid: accountSid,
      friendly_name: content.friendlyName,
      language: content.language,
      variables: content.variables,
      types: content.types,
      url: `https://content.twilio.com/v1/Content/${content.sid}`,
      date_created: at,
      date_updated: at,
      links: { approval_create: `https://content.twilio.com/v1/Content/${content.sid}/ApprovalRequests/whatsapp` },
    };
  }

  async function postStatus(message: SentSms, status: string, errorCode?: number): Promise<number> {
    if (!message.statusCallback) throw new Error(`twilio fake: no message ${message.sid} with a StatusCallback`);
    const params: Record<string, string> = {
      SmsSid: message.sid,
      SmsStatus: status,
      MessageStatus: status,
      To: message.to,
      From: message.from ?? '',
      MessageSid: message.sid,
      AccountSid: accountSid,
      ApiVersion: '2010-04-01',
      ...(errorCode === undefined ? {} : { ErrorCode: String(errorCode) }),
    };
    const signed = signedTwilioRequest(authToken, message.statusCallback, params);
    const response = await fetch(message.statusCallback, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  function messageResource(message: SentSms): Record<string, unknown> {
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const created = message.dateCreated.toUTCString().replace('GMT', '+0000');
    const uri = `${messagesPath}/${message.sid}`;
    return {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: message.body,
      date_created: created,
      date_sent: message.status === 'accepted' ? null : created,
      date_updated: now,
      direction: 'outbound-api',
      error_code: message.errorCode,
      error_message: null,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_media: '0',
      num_segments: String(segments(message.body)),
      price: null,
      price_unit: 'GBP',
      sid: message.sid,
      status: message.status,
      subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
      to: message.to,
      uri: `${uri}.json`,
    };
  }

  return {
    url: http.url,
    accountSid,
    authToken,
    requests: http.requests,
    sent,
    contents,
    approveTemplate(template) {
      const content: FakeContent = {
        sid: `HX${randomBytes(16).toString('hex')}`,
        friendlyName: template.friendlyName ?? 'approved_template',
        language: template.language ?? 'en',
        variables: {},
        types: { 'twilio/text': { body: template.body } },
        approved: template.pending !== true,
      };
      contents.push(content);
      return content.sid;
    },
    advanceClock(ms) {
      clockOffset += ms;
    },
    failNext(n, status, body, match) {
      const fallback = twilioError(CODE_FOR_STATUS[status] ?? 20500, undefined, status);
      http.failNext(n, body === undefined ? fallback : { status, body }, match);
    },
    loseAnswers(n) {
      answersToLose += n;
    },
    rejectRecipient(to, code, message, status) {
      rejected.set(to, twilioError(code, message, status));
    },
    async deliver(sid, status, deliverOptions = {}) {
      const message = sent.find((m) => m.sid === sid);
      if (!message?.statusCallback) throw new Error(`twilio fake: no message ${sid} with a StatusCallback`);
      message.status = status;
      return postStatus(message, status, deliverOptions.errorCode);
    },
    async receive(webhookUrl, sms) {
      const media = sms.media ?? [];
      const messageSid = sms.messageSid ?? `${media.length > 0 ? 'MM' : 'SM'}${randomBytes(16).toString('hex')}`;
      const gb = (n: string) => (n.replace(/^whatsapp:/, '').startsWith('+44') ? 'GB' : '');
      const whatsapp = sms.from.startsWith('whatsapp:');
      if (whatsapp) lastInbound.set(`${sms.from}|${sms.to}`, now());
      const picked = sms.button ?? sms.listItem;
      const messageType = sms.button
        ? 'button'
        : sms.listItem
          ? 'interactive'
          : media.length > 0
            ? media[0]!.contentType.startsWith('audio/')
              ? 'audio'
              : 'image'
            : 'text';
      const params: Record<string, string> = {
        ToCountry: gb(sms.to),
        ToState: '',
        SmsMessageSid: messageSid,
        NumMedia: String(media.length),
        ToCity: '',
        FromZip: '',
        SmsSid: messageSid,
        FromState: '',
        SmsStatus: 'received',
        FromCity: '',
        Body: picked ? picked.title : sms.body,
        FromCountry: gb(sms.from),
        To: sms.to,
        ToZip: '',
        NumSegments: String(segments(sms.body)),
        ReferralNumMedia: '0',
        MessageSid: messageSid,
        AccountSid: accountSid,
        From: sms.from,
        ApiVersion: '2010-04-01',
        ...Object.fromEntries(
          media.flatMap((m, i) => [
            [`MediaUrl${i}`, m.url],
            [`MediaContentType${i}`, m.contentType],
          ]),
        ),
        ...(sms.profileName === undefined
          ? {}
          : { ProfileName: sms.profileName, WaId: sms.from.replace(/^whatsapp:\+/, '') }),
        ...(whatsapp ? { MessageType: messageType, WaId: sms.from.replace(/^whatsapp:\+/, '') } : {}),
        ...(sms.button ? { ButtonPayload: sms.button.id, ButtonText: sms.button.title } : {}),
        ...(sms.listItem ? { ListId: sms.listItem.id, ListTitle: sms.listItem.title } : {}),
      };
      const signed = signedTwilioRequest(authToken, webhookUrl, params);
      const response = await fetch(webhookUrl, { method: 'POST', headers: signed.headers, body: signed.body });
      return { status: response.status, body: await response.text(), messageSid };
    },
    close: () => http.close(),
  };
}

// GSM 03.38: characters outside it force UCS-2; the extension table costs two septets.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

function segments(text: string): number {
  let septets = 0;
  for (const char of text) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

interface RenderedContent {
  body: string;
  variables: Record<string, string>;
  buttons: ContentChoice[];
  list: { button: string; items: ContentChoice[] } | null;
  approved: boolean;
}

/** Fills a Content resource's `{{n}}` placeholders, as Twilio does; a variable missing or empty is refused (21656). */
function renderContent(content: FakeContent, rawVariables: string | undefined): RenderedContent | { error: string } {
  let given: Record<string, string> = {};
  if (rawVariables !== undefined) {
    try {
      const parsed: unknown = JSON.parse(rawVariables);
      if (!isRecord(parsed) || !Object.values(parsed).every((v) => typeof v === 'string'))
        return { error: 'The ContentVariables Parameter is not a JSON object of strings.' };
      given = parsed as Record<string, string>;
    } catch {
      return { error: 'The ContentVariables Parameter is not a JSON String.' };
    }
  }
  const values = { ...content.variables, ...given };
  let missing: string | undefined;
  const fill = (text: unknown): string =>
    String(text ?? '').replace(/\{\{\s*([\w]+)\s*\}\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined || value.trim() === '') missing ??= name;
      return value ?? '';
    });
  const types = content.types;
  const quick = isRecord(types['twilio/quick-reply']) ? types['twilio/quick-reply'] : undefined;
  const list = isRecord(types['twilio/list-picker']) ? types['twilio/list-picker'] : undefined;
  const text = isRecord(types['twilio/text']) ? types['twilio/text'] : undefined;
  const source = quick ?? list ?? text;
  const body = fill(source?.body);
  const buttons = Array.isArray(quick?.actions)
    ? quick.actions.filter(isRecord).map((a) => ({ title: fill(a.title), id: fill(a.id) }))
    : [];
  const rendered: RenderedContent = {
    body,
    variables: given,
    buttons,
    list: list
      ? {
          button: fill(list.button),
          items: (Array.isArray(list.items) ? list.items : [])
            .filter(isRecord)
            .map((i) => ({ title: fill(i.item), id: fill(i.id) })),
        }
      : null,
    approved: content.approved,
  };
  return missing === undefined
    ? rendered
    : { error: `The ContentVariables Parameter is invalid: {{${missing}}} is not set.` };
}
