import type { Response } from 'express';

/**
 * Direct Line's error body, `{"error": {"code", "message"}}`, with the codes clients know.
 * Every refusal under /v3/directline and on the page's token route answers with one; the
 * README's table lists them.
 */
export type DirectLineErrorCode =
  | 'BadArgument'
  | 'MissingCredentials'
  | 'TokenInvalid'
  | 'TokenExpired'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'MessageSizeTooBig'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'NotImplemented'
  | 'ServiceUnavailable'
  | 'ServiceError';

export function fail(res: Response, status: number, code: DirectLineErrorCode, message: string): void {
  res.status(status).json({ error: { code, message } });
}
