import { createHmac, randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe: 22 characters that cannot be guessed or enumerated. */
export function newDocumentToken(): string {
  return randomBytes(16).toString('base64url');
}

/** The shape of a token, checked before any lookup. */
export const documentTokenPattern = /^[A-Za-z0-9_-]{22}$/;

/**
 * What the database keeps instead of the token: an HMAC under the gateway's secret, so
 * neither a copy of the table nor a log of it can be turned back into working links.
 */
export function hashDocumentToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token, 'utf8').digest('hex');
}
