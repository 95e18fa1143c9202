import { createHmac } from 'node:crypto';
import twilio from 'twilio';

/** Twilio form parameters; a repeated parameter (e.g. MediaUrl) is an array. */
export type TwilioParams = Record<string, string | string[]>;

/**
 * `X-Twilio-Signature` for a POST to `url` with `params`, computed by the twilio
 * library itself, so our verifier is tested against what Twilio really sends.
 */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** `X-Hub-Signature-256` for a Meta webhook: HMAC-SHA256 of the raw body with the app secret. */
export function metaSignature(appSecret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/** Slack's v0 signature over `v0:{timestamp}:{raw body}`; `timestamp` is in Unix seconds. */
export function slackSignature(
  signingSecret: string,
  timestamp: number | string,
  rawBody: string,
): SlackSignatureHeaders {
  const ts = String(timestamp);
  const hex = createHmac('sha256', signingSecret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${hex}`, 'x-slack-request-timestamp': ts };
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** A form POST exactly as Twilio sends it to a webhook (inbound SMS, status callback). */
export function signedTwilioRequest(authToken: string, url: string, params: TwilioParams): SignedRequest {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(authToken, url, params),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: form.toString(),
  };
}

/** A JSON webhook POST exactly as Meta sends it. */
export function signedMetaRequest(appSecret: string, payload: unknown): SignedRequest {
  const body = JSON.stringify(payload);
  return {
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(appSecret, body) },
    body,
  };
}

/**
 * A Slack request (Events API JSON, or interactivity's `payload=` form) signed now,
 * or at `timestamp` to test the five-minute replay window.
 */
export function signedSlackRequest(
  signingSecret: string,
  rawBody: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded' = 'application/json',
  timestamp: number = Math.floor(Date.now() / 1000),
): SignedRequest {
  return {
    headers: { 'content-type': contentType, ...slackSignature(signingSecret, timestamp, rawBody) },
    body: rawBody,
  };
}
