import { randomBytes } from 'node:crypto';
import { signedTwilioRequest } from '../helpers/sign.js';
import { basicAuth, field, startHttpFake, type FakeResponse, type RecordedRequest, type RequestMatcher } from './http-fake.js';

export interface TwilioFakeOptions {
  /** @defaultValue a fresh `AC…` sid */
  accountSid?: string;
  /** @defaultValue a fresh random token */
  authToken?: string;
}

export interface SentSms {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  status: string;
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
  /** The next `n` matching calls answer `status` with a Twilio error body (20503 for 503, …) unless `body` is given. */
  failNext(n: number, status: number, body?: unknown, match?: RequestMatcher): void;
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
};

const CODE_FOR_STATUS: Readonly<Record<number, number>> = { 401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503 };

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

  const http = await startHttpFake((request) => {
    const auth = basicAuth(request.headers);
    if (auth?.user !== accountSid || auth.password !== authToken) return twilioError(20003);

    if (request.method === 'POST' && request.path === `${messagesPath}.json`) return createMessage(request);
    const fetchMatch = new RegExp(`^${messagesPath}/(SM[0-9a-f]{32})\\.json$`).exec(request.path);
    const found = fetchMatch && sent.find((m) => m.sid === fetchMatch[1]);
    if (request.method === 'GET' && found) return { status: 200, body: messageResource(found) };
    return twilioError(20404, `The requested resource ${request.path} was not found`);
  });

  function createMessage(request: RecordedRequest): FakeResponse {
    const to = field(request.body, 'To');
    const from = field(request.body, 'From') ?? null;
    const messagingServiceSid = field(request.body, 'MessagingServiceSid') ?? null;
    const body = field(request.body, 'Body');
    if (to === undefined) return twilioError(21604);
    if (from === null && messagingServiceSid === null) return twilioError(21603);
    if (body === undefined || body === '') return twilioError(21602);
    // WhatsApp through Twilio addresses both sides as `whatsapp:+…`.
    if (!E164.test(to.replace(/^whatsapp:/, ''))) return twilioError(21211, `The 'To' number ${to} is not a valid phone number.`);
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
    };
    sent.push(message);
    return { status: 201, body: messageResource(message) };
  }

  function messageResource(message: SentSms): Record<string, unknown> {
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `${messagesPath}/${message.sid}`;
    return {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: message.body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
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
    failNext(n, status, body, match) {
      const fallback = twilioError(CODE_FOR_STATUS[status] ?? 20500, undefined, status);
      http.failNext(n, body === undefined ? fallback : { status, body }, match);
    },
    rejectRecipient(to, code, message, status) {
      rejected.set(to, twilioError(code, message, status));
    },
    async deliver(sid, status, deliverOptions = {}) {
      const message = sent.find((m) => m.sid === sid);
      if (!message?.statusCallback) throw new Error(`twilio fake: no message ${sid} with a StatusCallback`);
      message.status = status;
      const params: Record<string, string> = {
        SmsSid: sid,
        SmsStatus: status,
        MessageStatus: status,
        To: message.to,
        From: message.from ?? '',
        MessageSid: sid,
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        ...(deliverOptions.errorCode === undefined ? {} : { ErrorCode: String(deliverOptions.errorCode) }),
      };
      const signed = signedTwilioRequest(authToken, message.statusCallback, params);
      const response = await fetch(message.statusCallback, { method: 'POST', headers: signed.headers, body: signed.body });
      await response.arrayBuffer();
      return response.status;
    },
    async receive(webhookUrl, sms) {
      const media = sms.media ?? [];
      const messageSid = sms.messageSid ?? `${media.length > 0 ? 'MM' : 'SM'}${randomBytes(16).toString('hex')}`;
      const gb = (n: string) => (n.replace(/^whatsapp:/, '').startsWith('+44') ? 'GB' : '');
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
        Body: sms.body,
        FromCountry: gb(sms.from),
        To: sms.to,
        ToZip: '',
        NumSegments: String(segments(sms.body)),
        ReferralNumMedia: '0',
        MessageSid: messageSid,
        AccountSid: accountSid,
        From: sms.from,
        ApiVersion: '2010-04-01',
        ...Object.fromEntries(media.flatMap((m, i) => [[`MediaUrl${i}`, m.url], [`MediaContentType${i}`, m.contentType]])),
        ...(sms.profileName === undefined ? {} : { ProfileName: sms.profileName, WaId: sms.from.replace(/^whatsapp:\+/, '') }),
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
