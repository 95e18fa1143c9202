import './ids.js';
import { z } from 'zod';
import { PermanentSendError, TransientSendError } from '../../src/errors.js';

export const GRAPH_DEFAULT_URL = 'https://graph.facebook.com';
export const GRAPH_DEFAULT_VERSION = 'v21.0';

export interface GraphClientOptions {
  /**
   * Base URL of the Graph API (a local fake in tests).
   * @defaultValue `https://graph.facebook.com`
   */
  graphUrl?: string;
  /** @defaultValue `v21.0` */
  version?: string;
  /** Page access token; sent as the `access_token` query parameter, as Meta's Send API documents. */
  pageToken: string;
  /**
   * The Page's id. Private replies to comments go to `POST /{page-id}/messages`
   * (Meta's documented endpoint); without it they go to `/me/messages`, which the
   * page token also resolves to the Page.
   */
  pageId?: string;
  /**
   * Per-request timeout in milliseconds.
   * @defaultValue 10000
   */
  timeoutMs?: number;
  /** @defaultValue `globalThis.fetch` */
  fetch?: typeof fetch;
}

/** A Messenger/Instagram user (page-scoped id), or a public comment or visitor post to answer privately. */
export type GraphRecipient = { id: string } | { comment_id: string } | { post_id: string };

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

export interface GraphMessage {
  text: string;
  quick_replies?: QuickReply[];
}

export interface SendMessageRequest {
  recipient: GraphRecipient;
  message: GraphMessage;
  /** RESPONSE inside the 24-hour window; MESSAGE_TAG (with `tag`) after it. */
  messaging_type?: 'RESPONSE' | 'MESSAGE_TAG';
  /** HUMAN_AGENT lets staff reply up to 7 days after the customer's last message. */
  tag?: 'HUMAN_AGENT';
}

export interface SentMessage {
  recipientId?: string;
  messageId: string;
}

export interface PostedComment {
  id: string;
}

export interface GraphClient {
  sendMessage(request: SendMessageRequest): Promise<SentMessage>;
  /** A public reply under a Page comment or post (`POST /{id}/comments`). Never put personal details in it. */
  replyToComment(commentId: string, message: string): Promise<PostedComment>;
  /** A public reply under an Instagram comment (`POST /{ig-comment-id}/replies`). Never put personal details in it. */
  replyToInstagramComment(commentId: string, message: string): Promise<PostedComment>;
  /**
   * A message the Page sent this person with exactly this text since `since`, looked up in
   * the Page's conversation with them (`GET /me/conversations?platform=…&user_id=…`):
   * whether a send whose answer was lost went out.
   */
  findSentMessage(lookup: {
    recipientId: string;
    platform: 'messenger' | 'instagram';
    text: string;
    since: Date;
    isKnown: (id: string) => Promise<boolean>;
  }): Promise<string | undefined>;
}

const conversationsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      messages: z
        .object({
          data: z.array(
            z.object({
              id: z.string(),
              message: z.string().optional(),
              created_time: z.string(),
              from: z.object({ id: z.string() }).optional(),
            }),
          ),
        })
        .optional(),
    }),
  ),
});

/** Details Graph gives about a refusal, kept on the coded error for logs and staff. */
export interface GraphErrorDetail {
  httpStatus: number;
  graphCode?: number;
  graphSubcode?: number;
  fbtraceId?: string;
}

/** A TransientSendError that also says what Graph answered. */
export class GraphTransientSendError extends TransientSendError {
  constructor(
    message: string,
    readonly detail: GraphErrorDetail,
    retryAfterMs?: number,
  ) {
    super(message, retryAfterMs);
  }
}

/** A PermanentSendError whose providerCode is `code` or `code/subcode`, e.g. `10/2018278`. */
export class GraphPermanentSendError extends PermanentSendError {
  constructor(
    message: string,
    readonly detail: GraphErrorDetail,
  ) {
    super(message, providerCode(detail));
  }
}

const sendResponseSchema = z.object({ recipient_id: z.string().optional(), message_id: z.string() });
const commentResponseSchema = z.object({ id: z.string() });
const graphErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/**
 * Codes Meta documents as throttling or temporary: 1 unknown, 2 service unavailable,
 * 4 app rate limit, 17 user rate limit, 32 page rate limit, 613 calls-within-period limit.
 */
const TRANSIENT_GRAPH_CODES: ReadonlySet<number> = new Set([1, 2, 4, 17, 32, 613]);

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = (options.graphUrl ?? GRAPH_DEFAULT_URL).replace(/\/+$/, '');
  const version = options.version ?? GRAPH_DEFAULT_VERSION;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchFn = options.fetch ?? globalThis.fetch;

  async function get(path: string, params: Record<string, string>): Promise<unknown> {
    const url = new URL(`${base}/${version}/${path}`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('access_token', options.pageToken);
    let response: Response;
    try {
      response = await fetchFn(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new GraphTransientSendError(`Graph request failed: ${reason}`, { httpStatus: 0 });
    }
    const body = parseJson(await response.text());
    if (!response.ok) throw graphError(response, body);
    return body;
  }

  async function post(path: string, payload: object): Promise<unknown> {
    const url = new URL(`${base}/${version}/${path}`);
    url.searchParams.set('access_token', options.pageToken);
    let response: Response;
    try {
      response = await fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // Refused, reset or timed out: nothing reached Meta that we know of, so try again later.
      const reason = error instanceof Error ? error.message : String(error);
      throw new GraphTransientSendError(`Graph request failed: ${reason}`, { httpStatus: 0 });
    }
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) throw graphError(response, body);
    return body;
  }

  return {
    async sendMessage(request) {
      const sender = 'id' in request.recipient ? 'me' : (options.pageId ?? 'me');
      const body = await post(`${encodeURIComponent(sender)}/messages`, request);
      const parsed = parseSuccess(sendResponseSchema, body);
      return {
        messageId: parsed.message_id,
        ...(parsed.recipient_id === undefined ? {} : { recipientId: parsed.recipient_id }),
      };
    },
    async replyToComment(commentId, message) {
      const body = await post(`${encodeURIComponent(commentId)}/comments`, { message });
      return parseSuccess(commentResponseSchema, body);
    },
    async replyToInstagramComment(commentId, message) {
      const body = await post(`${encodeURIComponent(commentId)}/replies`, { message });
      return parseSuccess(commentResponseSchema, body);
    },
    async findSentMessage(lookup) {
      const body = await get('me/conversations', {
        platform: lookup.platform,
        user_id: lookup.recipientId,
        fields: 'messages.limit(50){id,message,created_time,from}',
      });
      const parsed = conversationsSchema.safeParse(body);
      if (!parsed.success)
        throw new GraphTransientSendError('Graph answered the conversation look-up with an unexpected body', {
          httpStatus: 200,
        });
      for (const conversation of parsed.data.data) {
        for (const m of conversation.messages?.data ?? []) {
          if (m.message !== lookup.text || m.from?.id === lookup.recipientId) continue;
          if (new Date(m.created_time.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')).getTime() < lookup.since.getTime())
            continue;
          if (!(await lookup.isKnown(m.id))) return m.id;
        }
      }
      return undefined;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseSuccess<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  // The message may well have gone out; retrying could send it twice, so stop and show staff.
  if (!result.success)
    throw new GraphPermanentSendError('Graph answered 2xx with an unexpected body', { httpStatus: 200 });
  return result.data;
}

function graphError(response: Response, body: unknown): GraphTransientSendError | GraphPermanentSendError {
  const parsed = graphErrorSchema.safeParse(body);
  const error = parsed.success ? parsed.data.error : undefined;
  const detail: GraphErrorDetail = {
    httpStatus: response.status,
    ...(error === undefined ? {} : { graphCode: error.code }),
    ...(error?.error_subcode === undefined ? {} : { graphSubcode: error.error_subcode }),
    ...(error?.fbtrace_id === undefined ? {} : { fbtraceId: error.fbtrace_id }),
  };
  const message = `Graph ${response.status}${error === undefined ? '' : ` (#${providerCode(detail)}) ${error.message}`}`;
  const transient =
    response.status === 429 ||
    response.status >= 500 ||
    (error !== undefined && (TRANSIENT_GRAPH_CODES.has(error.code) || error.is_transient === true));
  if (transient) return new GraphTransientSendError(message, detail, retryAfterMs(response));
  return new GraphPermanentSendError(message, detail);
}

function providerCode(detail: GraphErrorDetail): string {
  if (detail.graphCode === undefined) return String(detail.httpStatus);
  return detail.graphSubcode === undefined ? String(detail.graphCode) : `${detail.graphCode}/${detail.graphSubcode}`;
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
