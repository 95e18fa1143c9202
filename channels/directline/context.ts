import { randomUUID } from 'node:crypto';
import type { ConversationStore } from './conversation-store.js';
import type { ChannelLogger } from './logger.js';
import { mintToken } from './token.js';

/** What the REST routes, the page routes and the stream share within one channel instance. */
export interface DirectLineContext {
  secret: string;
  store: ConversationStore;
  tokenTtlSeconds: number;
  /** Without a trailing slash. */
  publicBaseUrl: string;
  logger: ChannelLogger;
}

export interface IssuedToken {
  conversationId: string;
  token: string;
  /** Seconds, as Direct Line answers it. */
  expires_in: number;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function newConversationId(): string {
  return randomUUID();
}

export function issueToken(ctx: DirectLineContext, conversationId: string): IssuedToken {
  const exp = nowSeconds() + ctx.tokenTtlSeconds;
  return {
    conversationId,
    token: mintToken(ctx.secret, { conv: conversationId, exp, kind: 'conversation' }),
    expires_in: ctx.tokenTtlSeconds,
  };
}

/** The WebSocket URL for a conversation; its stream token lives no longer than the caller's token. */
export function streamUrl(ctx: DirectLineContext, conversationId: string, exp: number, watermark?: number): string {
  const url = new URL(`${ctx.publicBaseUrl}/v3/directline/conversations/${conversationId}/stream`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (watermark !== undefined) url.searchParams.set('watermark', String(watermark));
  url.searchParams.set('t', mintToken(ctx.secret, { conv: conversationId, exp, kind: 'stream' }));
  return url.toString();
}
