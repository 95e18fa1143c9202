import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type * as twilioHttpResponse from 'twilio/lib/http/response.js';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message.js';
import { PermanentSendError, TransientSendError } from '../../src/errors.js';

/** The real Twilio client type, re-exported so callers need not reach into the SDK. */
export type TwilioClient = InstanceType<typeof twilio.Twilio>;

/** The host the SDK uses for the Messages API; other Twilio products use other `*.twilio.com` hosts. */
export const TWILIO_DEFAULT_API_URL = 'https://api.twilio.com';

export interface TwilioClientOptions {
  /** Account SID (`AC…`), sent as the Basic auth user name. */
  accountSid: string;
  /** Auth token, sent as the Basic auth password. */
  authToken: string;
  /**
   * Base URL every Twilio REST call is sent to instead of `https://<product>.twilio.com`.
   * A path prefix is kept (`http://127.0.0.1:4010/twilio` sends `/twilio/2010-04-01/...`).
   * @defaultValue `https://api.twilio.com` (the SDK's own hosts, nothing rewritten)
   */
  apiUrl?: string;
  /**
   * Per-request timeout in milliseconds.
   * @defaultValue 30000 (the SDK's default)
   */
  timeoutMs?: number;
}

const SdkRequestClient = twilio.RequestClient;

/**
 * The SDK's own HTTP client (axios, Basic auth, form encoding, its error handling)
 * with only the origin changed. The SDK hard-codes `https://api.twilio.com` (and a
 * dozen other product hosts) in each Domain and BaseTwilio.request() may rewrite the
 * host for edge/region, so the last point a URL can be swapped is here.
 */
class RebasingRequestClient extends SdkRequestClient {
  constructor(
    private readonly base: URL,
    options: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>): Promise<twilioHttpResponse.default<TData>> {
    return super.request({ ...options, uri: rebaseTwilioUrl(options.uri, this.base) });
  }
}

/** Rewrites `https://*.twilio.com/path?query` onto `base`; any other URL is left alone. */
export function rebaseTwilioUrl(uri: string, base: URL): string {
  const target = new URL(uri);
  if (target.hostname !== 'twilio.com' && !target.hostname.endsWith('.twilio.com')) return uri;
  const prefix = base.pathname.replace(/\/+$/, '');
  return new URL(`${prefix}${target.pathname}${target.search}`, base.origin).href;
}

/**
 * Builds the real twilio `Twilio` client. With no `apiUrl` (or the default one) it is
 * exactly the SDK's stock client; otherwise only the destination origin differs.
 * The SDK's optional 429 auto-retry stays off: the outbound queue owns retries and backoff.
 */
export function createTwilioClient({ accountSid, authToken, apiUrl, timeoutMs }: TwilioClientOptions): TwilioClient {
  const requestOptions: RequestClient.RequestClientOptions = { timeout: timeoutMs };
  const useDefaultHost = apiUrl === undefined || new URL(apiUrl).href === new URL(TWILIO_DEFAULT_API_URL).href;
  const httpClient = useDefaultHost
    ? new SdkRequestClient(requestOptions)
    : new RebasingRequestClient(new URL(apiUrl), requestOptions);
  // `env: {}` so a stray TWILIO_EDGE/TWILIO_REGION in the environment cannot change hosts behind our back.
  return new twilio.Twilio(accountSid, authToken, { httpClient, env: {}, autoRetry: false });
}

export interface SmsToSend {
  /** Our number (E.164 or `whatsapp:+…`), or a Messaging Service SID (`MG…`) that picks the number. */
  from: string;
  to: string;
  body: string;
  /** Where Twilio posts delivery status changes (our `POST /sms/twilio/status`). */
  statusCallback?: string;
  /** Throw the SDK's own error (the caller classifies it after looking at it). */
  raw?: boolean;
}

export interface SmsAccepted {
  sid: string;
  status: MessageInstance['status'];
}

/**
 * Sends one SMS through `client.messages.create` and maps failures onto the gateway's
 * coded errors, so the outbound queue retries only what can succeed later.
 */
export async function sendSms(client: TwilioClient, sms: SmsToSend): Promise<SmsAccepted> {
  try {
    const message = await client.messages.create({
      ...(/^MG[0-9a-fA-F]{32}$/.test(sms.from) ? { messagingServiceSid: sms.from } : { from: sms.from }),
      to: sms.to,
      body: sms.body,
      ...(sms.statusCallback === undefined ? {} : { statusCallback: sms.statusCallback }),
    });
    return { sid: message.sid, status: message.status };
  } catch (error) {
    throw sms.raw ? error : classifyTwilioError(error);
  }
}

/**
 * True when Twilio's answer says the message was not created (a 4xx, or 429): a network
 * failure or a 5xx leaves it unknown whether Twilio took the message.
 */
export function sendRefused(error: unknown): boolean {
  return error instanceof twilio.RestException && error.status < 500;
}

export interface SentLookup {
  from: string;
  to: string;
  body: string;
  /** The earliest the message can have been sent (the unknown attempt's start, less some clock skew). */
  since: Date;
  /** Sids already recorded for other messages: a same-worded message sent earlier is not this one. */
  isKnown: (sid: string) => Promise<boolean>;
}

/**
 * Finds a message Twilio accepted from us to `to` with exactly this body since `since`:
 * the Messages list filtered by To (and From) and DateSent, then, since a message still
 * queued has no DateSent yet, the newest messages to that number by DateCreated.
 * Failures are the network's or Twilio's: transient, the send is retried later.
 */
export async function findSentSms(
  client: TwilioClient,
  lookup: SentLookup,
): Promise<{ sid: string; status: MessageInstance['status'] } | undefined> {
  const byNumber = /^MG[0-9a-fA-F]{32}$/.test(lookup.from) ? {} : { from: lookup.from };
  const matches = async (list: MessageInstance[]) => {
    for (const m of list) {
      if (m.body !== lookup.body || m.direction !== 'outbound-api') continue;
      if (m.dateCreated && m.dateCreated.getTime() < lookup.since.getTime()) continue;
      if (!(await lookup.isKnown(m.sid))) return { sid: m.sid, status: m.status };
    }
    return undefined;
  };
  try {
    const sent = await client.messages.list({ to: lookup.to, ...byNumber, dateSentAfter: lookup.since, limit: 200 });
    const found = await matches(sent);
    if (found) return found;
    const recent = await client.messages.list({ to: lookup.to, ...byNumber, limit: 50 });
    return await matches(recent.filter((m) => m.dateSent === null));
  } catch (error) {
    throw classifyTwilioError(error) instanceof PermanentSendError
      ? new TransientSendError(`Twilio look-up refused: ${(error as Error).message}`)
      : classifyTwilioError(error);
  }
}

/**
 * 429 and 5xx may succeed later; any other HTTP answer is Twilio refusing this message
 * (21610 unsubscribed, 21211 invalid number, 20003 bad credentials). An error with no
 * HTTP status is the network (refused, reset, timed out) and is worth retrying.
 */
export function classifyTwilioError(error: unknown): TransientSendError | PermanentSendError {
  if (error instanceof twilio.RestException) {
    const detail = `Twilio ${error.status}${error.code === undefined ? '' : ` (${error.code})`}: ${error.message}`;
    if (error.status === 429 || error.status >= 500) return new TransientSendError(detail);
    return new PermanentSendError(detail, error.code === undefined ? String(error.status) : String(error.code));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TransientSendError(`Twilio request failed: ${message}`);
}
