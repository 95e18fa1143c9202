import { randomBytes, randomInt } from 'node:crypto';
import {
  bearerToken,
  field,
  isRecord,
  startHttpFake,
  type FakeResponse,
  type RecordedRequest,
  type RequestMatcher,
} from './http-fake.js';

export interface GraphFakeOptions {
  /** @defaultValue a fresh random token */
  pageToken?: string;
  /** @defaultValue a fresh numeric id */
  pageId?: string;
}

/** A Graph error as Meta sends it in `{error: {...}}`. */
export interface GraphErrorScript {
  code: number;
  message?: string;
  error_subcode?: number;
  type?: string;
  is_transient?: boolean;
  /** @defaultValue 400, as Graph uses for most coded errors */
  status?: number;
}

export interface GraphSentMessage {
  /** `me` or the page id the message was posted through. */
  via: string;
  recipient: { id?: string; comment_id?: string; post_id?: string };
  message: Record<string, unknown>;
  messagingType?: string;
  tag?: string;
  messageId: string;
  /** When Graph took it. */
  createdAt: Date;
}

export interface GraphCommentReply {
  commentId: string;
  message: string;
  id: string;
  /** `comments` for Page comments and posts, `replies` for Instagram comments. */
  edge: 'comments' | 'replies';
}

export interface GraphFake {
  /** Pass as `graphUrl` to createGraphClient (META_GRAPH_URL). */
  url: string;
  pageToken: string;
  pageId: string;
  requests: RecordedRequest[];
  /** Send API messages accepted, in order (private replies included). */
  sent: GraphSentMessage[];
  /** Public replies posted under comments, in order. */
  commentReplies: GraphCommentReply[];
  /** The next `n` matching calls answer `status` with a Graph error body (code 2 for 5xx, …) unless `body` is given. */
  failNext(n: number, status: number, body?: unknown, match?: RequestMatcher): void;
  /**
   * The next `n` Send API messages are accepted (they are in `sent`) but the connection drops
   * before the answer: the sender cannot know they went.
   */
  loseAnswers(n: number): void;
  /** Every message to this user id or comment id is refused from now on, e.g. `{code: 10, error_subcode: 2018278}`. */
  rejectRecipient(idOrCommentId: string, error: GraphErrorScript): void;
  close(): Promise<void>;
}

/** The wording Meta uses for the errors the gateway must tell apart. */
const GRAPH_MESSAGES: Readonly<Record<string, string>> = {
  '1': 'An unknown error occurred',
  '2': 'An unexpected error has occurred. Please retry your request later.',
  '4': '(#4) Application request limit reached',
  '10/2018278': '(#10) This message is sent outside of allowed window.',
  '100': '(#100) Invalid parameter',
  '104': 'An access token is required to request this resource.',
  '190': 'Invalid OAuth access token - Cannot parse access token',
  '551/1545041': "(#551) This person isn't available right now.",
  '613': '(#613) Calls to this api have exceeded the rate limit.',
};

/** Builds the `{error: {message, type, code, error_subcode, fbtrace_id}}` response. */
export function graphError(script: GraphErrorScript): FakeResponse {
  const key = script.error_subcode === undefined ? String(script.code) : `${script.code}/${script.error_subcode}`;
  return {
    status: script.status ?? 400,
    body: {
      error: {
        message:
          script.message ?? GRAPH_MESSAGES[key] ?? GRAPH_MESSAGES[String(script.code)] ?? `(#${script.code}) Error`,
        type: script.type ?? 'OAuthException',
        code: script.code,
        ...(script.error_subcode === undefined ? {} : { error_subcode: script.error_subcode }),
        ...(script.is_transient === undefined ? {} : { is_transient: script.is_transient }),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    },
  };
}

const MESSAGES_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/;
const CONVERSATIONS_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/conversations$/;
const COMMENTS_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/(comments|replies)$/;

export async function startGraphFake(options: GraphFakeOptions = {}): Promise<GraphFake> {
  const pageToken = options.pageToken ?? randomBytes(24).toString('base64url');
  const pageId = options.pageId ?? String(randomInt(100_000_000, 999_999_999));
  const sent: GraphSentMessage[] = [];
  const commentReplies: GraphCommentReply[] = [];
  const rejected = new Map<string, FakeResponse>();
  let answersToLose = 0;

  const http = await startHttpFake((request) => {
    // Graph takes the token from the query, the body or an OAuth bearer header.
    const token = request.query.access_token ?? field(request.body, 'access_token') ?? bearerToken(request.headers);
    if (token === undefined) return graphError({ code: 104 });
    if (token !== pageToken) return graphError({ code: 190 });
    const conversations = CONVERSATIONS_PATH.exec(request.path);
    if (request.method === 'GET' && conversations?.[2]) return listConversations(conversations[2], request);
    if (request.method !== 'POST') return graphError({ code: 100, message: 'Unsupported get request.' });

    const messages = MESSAGES_PATH.exec(request.path);
    if (messages?.[2]) return sendMessage(messages[2], request);
    const comments = COMMENTS_PATH.exec(request.path);
    if (comments?.[2]) return replyToComment(comments[2], comments[3] === 'replies' ? 'replies' : 'comments', request);
    return graphError({
      code: 100,
      error_subcode: 33,
      message: `Unsupported post request. Object with ID '${request.path}' does not exist.`,
    });
  });

  function sendMessage(via: string, request: RecordedRequest): FakeResponse {
    if (via !== 'me' && via !== pageId) {
      return graphError({
        code: 100,
        error_subcode: 33,
        message: `Unsupported post request. Object with ID '${via}' does not exist.`,
      });
    }
    const { recipient, message, messaging_type: messagingType, tag } = request.body;
    const recipientId = isRecord(recipient) && typeof recipient.id === 'string' ? recipient.id : undefined;
    const commentId =
      isRecord(recipient) && typeof recipient.comment_id === 'string' ? recipient.comment_id : undefined;
    const postId = isRecord(recipient) && typeof recipient.post_id === 'string' ? recipient.post_id : undefined;
    if (recipientId === undefined && commentId === undefined && postId === undefined) {
      return graphError({ code: 100, message: '(#100) The parameter recipient is required' });
    }
    if (!isRecord(message) || (typeof message.text !== 'string' && message.attachment === undefined)) {
      return graphError({ code: 100, message: '(#100) The parameter message is required' });
    }
    if (typeof message.text === 'string' && message.text.length > 2000) {
      return graphError({
        code: 100,
        message: '(#100) Length of param message[text] must be less than or equal to 2000',
      });
    }
    if (Array.isArray(message.quick_replies) && message.quick_replies.length > 13) {
      return graphError({ code: 100, message: '(#100) param message[quick_replies] must have at most 13 elements' });
    }
    if (messagingType === 'MESSAGE_TAG' && typeof tag !== 'string') {
      return graphError({ code: 100, message: '(#100) Tag is required for MESSAGE_TAG messaging type' });
    }
    const refusal = rejected.get(recipientId ?? commentId ?? postId ?? '');
    if (refusal) return refusal;

    // A private reply is answered with the commenter's page-scoped id.
    const resolvedRecipient = recipientId ?? `psid-${commentId ?? postId}`;
    const messageId = `m_${randomBytes(24).toString('base64url')}`;
    sent.push({
      via,
      recipient:
        recipientId !== undefined
          ? { id: recipientId }
          : commentId !== undefined
            ? { comment_id: commentId }
            : { post_id: postId },
      message,
      ...(typeof messagingType === 'string' ? { messagingType } : {}),
      ...(typeof tag === 'string' ? { tag } : {}),
      messageId,
      createdAt: new Date(),
    });
    if (answersToLose > 0) {
      answersToLose -= 1;
      return { status: 200, drop: true };
    }
    return { status: 200, body: { recipient_id: resolvedRecipient, message_id: messageId } };
  }

  /**
   * `GET /{page}/conversations?platform=messenger|instagram&user_id=<id>&fields=messages{…}`:
   * the Page's conversation with one person and what the Page sent in it, newest first, as
   * Graph's Conversations API answers (created_time as `2026-12-06T20:40:00+0000`).
   */
  function listConversations(via: string, request: RecordedRequest): FakeResponse {
    if (via !== 'me' && via !== pageId)
      return graphError({
        code: 100,
        error_subcode: 33,
        message: `Unsupported get request. Object with ID '${via}' does not exist.`,
      });
    const platform = request.query.platform;
    if (platform !== 'messenger' && platform !== 'instagram')
      return graphError({ code: 100, message: '(#100) param platform must be one of {MESSENGER, INSTAGRAM}' });
    const userId = request.query.user_id;
    const theirs = sent.filter((m) => userId === undefined || m.recipient.id === userId);
    if (theirs.length === 0) return { status: 200, body: { data: [] } };
    const graphTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+0000');
    const messages = [...theirs].reverse().map((m) => ({
      id: m.messageId,
      message: typeof m.message.text === 'string' ? m.message.text : '',
      created_time: graphTime(m.createdAt),
      from: { id: pageId, name: 'Housing' },
    }));
    return { status: 200, body: { data: [{ id: `t_${userId ?? 'all'}`, messages: { data: messages } }] } };
  }

  function replyToComment(commentId: string, edge: 'comments' | 'replies', request: RecordedRequest): FakeResponse {
    const message = field(request.body, 'message');
    if (message === undefined || message === '') {
      return graphError({ code: 100, message: '(#100) The parameter message is required' });
    }
    const refusal = rejected.get(commentId);
    if (refusal) return refusal;
    const postId = commentId.split('_')[0] ?? commentId;
    const id = `${postId}_${randomInt(100_000_000, 999_999_999)}`;
    commentReplies.push({ commentId, message, id, edge });
    return { status: 200, body: { id } };
  }

  return {
    url: http.url,
    pageToken,
    pageId,
    requests: http.requests,
    sent,
    commentReplies,
    failNext(n, status, body, match) {
      const fallback =
        status >= 500
          ? graphError({ code: 2, is_transient: true, status })
          : status === 429
            ? graphError({ code: 4, is_transient: true, status })
            : graphError({ code: 1, status });
      http.failNext(n, body === undefined ? fallback : { status, body }, match);
    },
    loseAnswers(n) {
      answersToLose += n;
    },
    rejectRecipient(idOrCommentId, error) {
      rejected.set(idOrCommentId, graphError(error));
    },
    close: () => http.close(),
  };
}
