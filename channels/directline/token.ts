import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Direct Line tokens: `base64url(payload).base64url(HMAC-SHA256(secret, payloadPart))`.
 *
 * A token is scoped to one conversation and expires. `conversation` tokens go in the
 * Authorization header; `stream` tokens go in the WebSocket URL only, so a URL that ends
 * up in a proxy log cannot be replayed against the REST API.
 */
export const tokenKinds = ['conversation', 'stream'] as const;
export type TokenKind = (typeof tokenKinds)[number];

export const TokenPayloadSchema = z.object({
  conv: z.string().uuid(),
  /** Expiry, seconds since the epoch. */
  exp: z.number().int().positive(),
  kind: z.enum(tokenKinds),
});
export type TokenPayload = z.infer<typeof TokenPayloadSchema>;

/** Why a token was refused; every reason is answered 403 by the routes. */
export type TokenRejection = 'malformed' | 'bad_signature' | 'expired' | 'wrong_kind' | 'wrong_conversation';

export type TokenCheck = { ok: true; payload: TokenPayload } | { ok: false; reason: TokenRejection };

const compactToken = /^[A-Za-z0-9_-]{1,512}\.[A-Za-z0-9_-]{43}$/;

function sign(secret: string, payloadPart: string): Buffer {
  return createHmac('sha256', secret).update(payloadPart).digest();
}

export function mintToken(secret: string, payload: TokenPayload): string {
  const payloadPart = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${payloadPart}.${sign(secret, payloadPart).toString('base64url')}`;
}

export function verifyToken(
  secret: string,
  token: string,
  expect: { kind: TokenKind; conversationId?: string },
  nowSeconds: number = Math.floor(Date.now() / 1000),
): TokenCheck {
  if (!compactToken.test(token)) return { ok: false, reason: 'malformed' };
  const [payloadPart = '', signaturePart = ''] = token.split('.');
  const given = Buffer.from(signaturePart, 'base64url');
  const expected = sign(secret, payloadPart);
  // The signature is checked before the payload is parsed, so nothing unsigned is ever trusted.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = TokenPayloadSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const payload = parsed.data;
  if (payload.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  if (payload.kind !== expect.kind) return { ok: false, reason: 'wrong_kind' };
  if (expect.conversationId !== undefined && payload.conv !== expect.conversationId) {
    return { ok: false, reason: 'wrong_conversation' };
  }
  return { ok: true, payload };
}

/** Constant-time comparison of a presented secret; hashing first hides the secret's length. */
export function isSecret(secret: string, presented: string): boolean {
  const a = createHash('sha256').update(secret).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}
