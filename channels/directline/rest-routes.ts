import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Intake } from '../../src/channel.js';
import { InvalidPayloadError } from '../../src/errors.js';
import { InboundActivitySchema, customerText, isJoin, joinLocale, toStoredUserActivity } from './activity.js';
import { isRedisUnavailable } from '../../src/redis.js';
import { type AuthResult, type Credential, authenticate } from './auth.js';
import { type DirectLineContext, issueToken, newConversationId, nowSeconds, streamUrl } from './context.js';
import { fail } from './errors.js';
import { describeError } from './logger.js';
import { type UploadLimits, UploadQuerySchema, readUpload } from './upload.js';

/** Bodies above this are refused with 413 before they are parsed. */
export const bodyLimit = '64kb';

const ConversationIdSchema = z.string().uuid();
/** The official client sends `watermark=` (empty) before it has one. */
const WatermarkSchema = z
  .union([z.literal(''), z.string().regex(/^\d{1,9}$/)])
  .optional()
  .transform((w) => (w === undefined || w === '' ? undefined : Number(w)));

function refuse(res: Response, result: Exclude<AuthResult, { ok: true }>): void {
  if (result.status === 401)
    fail(res, 401, 'MissingCredentials', 'Authorization: Bearer <token or secret> is required');
  // Direct Line's own code for a token that was good and has run out: clients refresh or start again.
  else if (result.reason === 'expired') fail(res, 403, 'TokenExpired', 'the token has expired');
  else fail(res, 403, 'TokenInvalid', 'the token is invalid or not for this conversation');
}

/** Image types every browser draws (HEIC is not one). */
const browserImages = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Where uploaded files go: the gateway passes its MediaStore (src/media/). */
export interface MediaSink {
  save(input: {
    channelId: string;
    address: string;
    retryKey?: string;
    files: ReadonlyArray<{ bytes: Buffer; contentType: UploadLimits['acceptedTypes'][number]; name: string }>;
  }): Promise<Array<{ id: string; url: string; contentType: string; name: string }>>;
  attach(mediaIds: readonly string[], messageId: string): Promise<void>;
}

export interface UploadOptions {
  media: MediaSink | undefined;
  limits: UploadLimits;
}

function remainingSeconds(credential: Credential, ttl: number): { exp: number; expiresIn: number } {
  if (credential.kind === 'token') {
    return { exp: credential.payload.exp, expiresIn: Math.max(0, credential.payload.exp - nowSeconds()) };
  }
  return { exp: nowSeconds() + ttl, expiresIn: ttl };
}

/** The answer to starting or resuming a conversation: the caller's token, or a fresh one for the secret. */
function conversationAnswer(
  ctx: DirectLineContext,
  conversationId: string,
  credential: Credential,
  watermark?: number,
) {
  const issued =
    credential.kind === 'token'
      ? { token: credential.token, ...remainingSeconds(credential, ctx.tokenTtlSeconds) }
      : { token: issueToken(ctx, conversationId).token, ...remainingSeconds(credential, ctx.tokenTtlSeconds) };
  return {
    conversationId,
    token: issued.token,
    expires_in: issued.expiresIn,
    streamUrl: streamUrl(ctx, conversationId, issued.exp, watermark),
  };
}

/** Registers the Direct Line 3.0 REST surface under `/v3/directline`. */
export function directLineRouter(ctx: DirectLineContext, intake: Intake, upload: UploadOptions): Router {
  const dl = express.Router();
  const json = express.json({ limit: bodyLimit });

  // Web Chat on the landlord's own site calls us cross-origin. Bearer tokens, never cookies,
  // carry the authority, so any origin may call: what it can do is what its token allows.
  dl.use((req, res, next) => {
    res.set({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, x-ms-bot-agent, x-requested-with',
      'Access-Control-Max-Age': '600',
    });
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });

  /**
   * Authenticates a route on one conversation; answers 401/403/404 itself and returns
   * undefined then. `checkExists: false` for a route whose append finds an expired
   * conversation itself (and answers 404): one Redis command fewer on every message.
   */
  async function forConversation(
    req: Request,
    res: Response,
    checkExists = true,
  ): Promise<{ id: string; credential: Credential } | undefined> {
    const parsed = ConversationIdSchema.safeParse(req.params['conversationId']);
    if (!parsed.success) {
      fail(res, 404, 'NotFound', 'unknown conversation');
      return undefined;
    }
    const auth = authenticate(ctx.secret, req.get('authorization'), { allowSecret: true, conversationId: parsed.data });
    if (!auth.ok) {
      refuse(res, auth);
      return undefined;
    }
    if (checkExists && !(await ctx.store.exists(parsed.data))) {
      fail(res, 404, 'NotFound', 'unknown or expired conversation');
      return undefined;
    }
    return { id: parsed.data, credential: auth.credential };
  }

  function watermarkOf(req: Request, res: Response): { ok: true; value: number | undefined } | { ok: false } {
    const parsed = WatermarkSchema.safeParse(req.query['watermark']);
    if (!parsed.success) {
      fail(res, 400, 'BadArgument', 'watermark must be a number');
      return { ok: false };
    }
    return { ok: true, value: parsed.data };
  }

  // Only the secret may mint a token for a new conversation (the page uses POST /webchat/token).
  dl.post('/tokens/generate', (req, res) => {
    const auth = authenticate(ctx.secret, req.get('authorization'), { allowSecret: true });
    if (!auth.ok) return refuse(res, auth);
    if (auth.credential.kind !== 'secret') return fail(res, 403, 'TokenInvalid', 'tokens/generate needs the secret');
    res.json(issueToken(ctx, newConversationId()));
  });

  // A still-valid token buys a fresh one for the same conversation, and nothing wider.
  dl.post('/tokens/refresh', (req, res) => {
    const auth = authenticate(ctx.secret, req.get('authorization'), { allowSecret: false });
    if (!auth.ok) return refuse(res, auth);
    if (auth.credential.kind !== 'token') return fail(res, 403, 'TokenInvalid', 'only a token can be refreshed');
    res.json(issueToken(ctx, auth.credential.payload.conv));
  });

  dl.post('/conversations', async (req, res) => {
    const auth = authenticate(ctx.secret, req.get('authorization'), { allowSecret: true });
    if (!auth.ok) return refuse(res, auth);
    const conversationId = auth.credential.kind === 'token' ? auth.credential.payload.conv : newConversationId();
    const created = await ctx.store.create(conversationId, new Date());
    if (created) ctx.logger.info({ conversationId }, 'directline conversation started');
    res.status(created ? 201 : 200).json(conversationAnswer(ctx, conversationId, auth.credential));
  });

  // Reconnect: a fresh streamUrl that resumes after the watermark.
  dl.get('/conversations/:conversationId', async (req, res) => {
    const watermark = watermarkOf(req, res);
    if (!watermark.ok) return;
    const conversation = await forConversation(req, res);
    if (conversation === undefined) return;
    res.json(conversationAnswer(ctx, conversation.id, conversation.credential, watermark.value));
  });

  dl.get('/conversations/:conversationId/activities', async (req, res) => {
    const watermark = watermarkOf(req, res);
    if (!watermark.ok) return;
    const conversation = await forConversation(req, res);
    if (conversation === undefined) return;
    res.json(await ctx.store.after(conversation.id, watermark.value ?? 0));
  });

  dl.post('/conversations/:conversationId/activities', json, async (req, res) => {
    // Every path below that stores anything appends first, and the append answers for an expired conversation.
    const conversation = await forConversation(req, res, false);
    if (conversation === undefined) return;
    const parsed = InboundActivitySchema.safeParse(req.body);
    if (!parsed.success) return fail(res, 400, 'BadArgument', 'not a valid activity');
    const activity = parsed.data;
    const text = customerText(activity);
    if (isJoin(activity)) {
      // Echoed like any activity a client posts (Web Chat waits for its echo before it calls
      // the event sent); no one's screen shows an event.
      const echo = toStoredUserActivity(activity, conversation.id, undefined, new Date());
      if (activity.name !== undefined) echo.name = activity.name;
      delete echo.textFormat;
      const echoed = await ctx.store.append(conversation.id, echo, activity.channelData?.clientActivityID);
      if (echoed === undefined) return fail(res, 404, 'NotFound', 'unknown or expired conversation');
      // One greeting per conversation: every join of it is the same provider message, so a
      // reload or a second client opening it is stored once and runs no second turn.
      const id = `${conversation.id}|join`;
      const locale = joinLocale(activity);
      try {
        await intake.accept({
          channelId: 'directline',
          providerMessageId: id,
          from: conversation.id,
          to: 'bot',
          text: '',
          kind: 'join',
          ...(locale === undefined ? {} : { locale }),
          receivedAt: new Date().toISOString(),
        });
      } catch (error) {
        ctx.logger.warn(
          { conversationId: conversation.id, ...describeError(error) },
          'directline intake refused a join',
        );
        res.set('Retry-After', '2');
        return fail(res, 503, 'ServiceUnavailable', 'the conversation could not be opened yet; send the event again');
      }
      return res.json({ id: echoed.id });
    }
    if (activity.type !== 'message') {
      // Typing and other signals are acknowledged but neither stored nor given to the bot.
      if (!(await ctx.store.exists(conversation.id)))
        return fail(res, 404, 'NotFound', 'unknown or expired conversation');
      return res.json({ id: `${conversation.id}|${activity.type}-${Date.now().toString(36)}` });
    }
    if (text === undefined) return fail(res, 400, 'BadArgument', 'a message needs text');
    const receivedAt = new Date();
    const stored = await ctx.store.append(
      conversation.id,
      toStoredUserActivity(activity, conversation.id, text, receivedAt),
      activity.channelData?.clientActivityID,
    );
    if (stored === undefined) return fail(res, 404, 'NotFound', 'unknown or expired conversation');
    try {
      // A re-post with the same clientActivityID reaches here with the first id; the intake is idempotent on it.
      await intake.accept({
        channelId: 'directline',
        providerMessageId: stored.id,
        from: conversation.id,
        to: 'bot',
        text,
        ...(activity.locale === undefined ? {} : { locale: activity.locale }),
        receivedAt: receivedAt.toISOString(),
      });
    } catch (error) {
      ctx.logger.warn(
        { conversationId: conversation.id, activityId: stored.id, ...describeError(error) },
        'directline intake refused an activity',
      );
      // Refused for what it is, not for our state: sending it again would not help.
      if (error instanceof InvalidPayloadError)
        return fail(res, 400, 'BadArgument', 'the message could not be stored as sent');
      res.set('Retry-After', '2');
      return fail(
        res,
        503,
        'ServiceUnavailable',
        'the message was kept but not yet passed on; send it again with the same clientActivityID',
      );
    }
    res.json({ id: stored.id });
  });

  // Files with a message (Web Chat's paperclip): kept, echoed with their links, and passed
  // to the intake as the message's media, like an MMS photo.
  dl.post('/conversations/:conversationId/upload', async (req, res) => {
    const conversation = await forConversation(req, res);
    if (conversation === undefined) return;
    const query = UploadQuerySchema.safeParse(req.query);
    if (!query.success) return fail(res, 400, 'BadArgument', 'userId is required');
    if (upload.media === undefined) return fail(res, 501, 'NotImplemented', 'this gateway does not accept files');
    const parsed = await readUpload(req, upload.limits);
    if (!parsed.ok) {
      // The client may still be sending: close the connection once it has its answer.
      res.set('Connection', 'close');
      return fail(res, parsed.status, parsed.code, parsed.message);
    }
    const activity = parsed.activity ?? { type: 'message', from: { id: query.data.userId } };
    const clientActivityID = activity.channelData?.clientActivityID;
    const text = customerText(activity) ?? '';
    let kept: Awaited<ReturnType<MediaSink['save']>>;
    try {
      kept = await upload.media.save({
        channelId: 'directline',
        address: conversation.id,
        // A retry of the same message keeps its files once, under the same links.
        ...(clientActivityID === undefined ? {} : { retryKey: `${conversation.id}\u0000${clientActivityID}` }),
        files: parsed.files,
      });
    } catch (error) {
      ctx.logger.warn(
        { conversationId: conversation.id, ...describeError(error) },
        'directline could not keep an upload',
      );
      res.set('Retry-After', '2');
      return fail(res, 503, 'ServiceUnavailable', 'the files could not be kept; send them again');
    }
    const receivedAt = new Date();
    const echo = toStoredUserActivity(
      { ...activity, from: { ...activity.from, id: activity.from?.id ?? query.data.userId } },
      conversation.id,
      text === '' ? undefined : text,
      receivedAt,
    );
    // A photo a browser can show is its own thumbnail (Web Chat draws the customer's
    // attachments as a picture only when they have one); anything else shows as a file.
    echo.attachments = kept.map((file) => ({
      contentType: file.contentType,
      contentUrl: file.url,
      name: file.name,
      ...(browserImages.has(file.contentType) ? { thumbnailUrl: file.url } : {}),
    }));
    const stored = await ctx.store.append(conversation.id, echo, clientActivityID);
    if (stored === undefined) return fail(res, 404, 'NotFound', 'unknown or expired conversation');
    try {
      const accepted = await intake.accept({
        channelId: 'directline',
        providerMessageId: stored.id,
        from: conversation.id,
        to: 'bot',
        text,
        media: kept.map((file) => ({ url: file.url, contentType: file.contentType })),
        ...(activity.locale === undefined ? {} : { locale: activity.locale }),
        receivedAt: receivedAt.toISOString(),
      });
      await upload.media.attach(
        kept.map((file) => file.id),
        accepted.messageId,
      );
    } catch (error) {
      ctx.logger.warn(
        { conversationId: conversation.id, activityId: stored.id, ...describeError(error) },
        'directline intake refused an upload',
      );
      if (error instanceof InvalidPayloadError)
        return fail(res, 400, 'BadArgument', 'the message could not be stored as sent');
      res.set('Retry-After', '2');
      return fail(
        res,
        503,
        'ServiceUnavailable',
        'the files were kept but not yet passed on; send them again with the same clientActivityID',
      );
    }
    ctx.logger.info(
      { conversationId: conversation.id, activityId: stored.id, files: kept.length },
      'directline upload accepted',
    );
    res.json({ id: stored.id });
  });

  // A known address asked with the wrong method, and anything else under /v3/directline:
  // Direct Line's error body rather than the gateway's generic one.
  const routes: Array<[RegExp, string]> = [
    [/^\/tokens\/(generate|refresh)$/, 'POST'],
    [/^\/conversations$/, 'POST'],
    [/^\/conversations\/[^/]+$/, 'GET'],
    [/^\/conversations\/[^/]+\/activities$/, 'GET, POST'],
    [/^\/conversations\/[^/]+\/upload$/, 'POST'],
  ];
  dl.use((req, res) => {
    const allowed = routes.find(([pattern]) => pattern.test(req.path))?.[1];
    if (allowed === undefined) return fail(res, 404, 'NotFound', 'no such Direct Line route');
    res.set('Allow', `${allowed}, OPTIONS`);
    fail(res, 405, 'MethodNotAllowed', `use ${allowed}`);
  });

  // Parse failures and oversized bodies arrive here from express.json; nothing else should.
  dl.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    if (status === 413) return fail(res, 413, 'MessageSizeTooBig', `the body is over ${bodyLimit}`);
    if (status >= 400 && status < 500) return fail(res, status, 'BadArgument', 'the body is not valid JSON');
    if (isRedisUnavailable(error)) {
      // Redis is away: Web Chat offers the customer a retry, which succeeds once it is back.
      ctx.logger.warn(describeError(error), 'directline request refused: redis unavailable');
      res.set('Retry-After', '2');
      return fail(res, 503, 'ServiceUnavailable', 'try again shortly');
    }
    ctx.logger.error(describeError(error, true), 'directline request failed');
    fail(res, 500, 'ServiceError', 'something went wrong');
  });

  return dl;
}
