import { type TokenPayload, type TokenRejection, isSecret, verifyToken } from './token.js';

/**
 * Who is calling the REST API.
 *
 * Status codes, chosen once for every route and the WebSocket upgrade:
 * - 401: no credentials at all (no `Authorization: Bearer …`, or no `t` on the stream URL).
 * - 403: credentials that are not good for this request: a forged, made-up or expired token,
 *   a token for another conversation, or a stream token used as a bearer token. The official
 *   client reads 403 as "token expired" and stops using it, which is what we want.
 */
export type Credential = { kind: 'secret' } | { kind: 'token'; token: string; payload: TokenPayload };

export type AuthResult =
  | { ok: true; credential: Credential }
  | { ok: false; status: 401; reason: 'missing' }
  | { ok: false; status: 403; reason: TokenRejection | 'secret_not_allowed' };

export function authenticate(
  secret: string,
  authorization: string | undefined,
  options: { allowSecret: boolean; conversationId?: string },
): AuthResult {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const presented = match?.[1];
  if (presented === undefined) return { ok: false, status: 401, reason: 'missing' };
  if (isSecret(secret, presented)) {
    return options.allowSecret
      ? { ok: true, credential: { kind: 'secret' } }
      : { ok: false, status: 403, reason: 'secret_not_allowed' };
  }
  const expect =
    options.conversationId === undefined
      ? { kind: 'conversation' as const }
      : { kind: 'conversation' as const, conversationId: options.conversationId };
  const check = verifyToken(secret, presented, expect);
  if (!check.ok) return { ok: false, status: 403, reason: check.reason };
  return { ok: true, credential: { kind: 'token', token: presented, payload: check.payload } };
}
