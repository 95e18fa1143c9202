import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Logs carry no message bodies, phone numbers, emails or tokens in clear (UK GDPR;
 * docs/rules/data-protection.md#logs). Known fields are redacted by path; anything that slips into a
 * free-text message is masked by pattern. Channels add their own fields (their signature
 * headers): the composition root passes them as `redact`.
 */
export const redactPaths = [
  'text',
  'body',
  'Body',
  'message.text',
  'activity.text',
  '*.text',
  '*.body',
  'from',
  'to',
  'From',
  'To',
  '*.from',
  '*.to',
  'phone',
  '*.phone',
  'email',
  '*.email',
  'token',
  '*.token',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

// International (+44 7700 900123) or UK national (07700 900123, 0161 496 0000) numbers; a reference like CMP-2026-000123 is not one.
const phonePattern = /(\+\d(?:[\s-]?\d){9,13}|\b0\d(?:[\s-]?\d){8,9}\b)/g;
const emailPattern = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const tokenPattern = /\b(xox[abpr]-[\w-]+|AC[0-9a-f]{32}|EAA[\w]{20,}|Bearer\s+[\w.-]+)/gi;

/** Mask personal data in a free-text log message. */
export function maskPersonalData(value: string): string {
  return value.replace(tokenPattern, '[token]').replace(emailPattern, '[email]').replace(phonePattern, '[phone]');
}

export type { Logger };

export function createLogger(
  options: { level?: LoggerOptions['level']; name?: string; redact?: readonly string[] } = {},
): Logger {
  return pino({
    name: options.name ?? 'gateway',
    level: options.level ?? 'info',
    redact: { paths: [...redactPaths, ...(options.redact ?? [])], censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPersonalData(a) : a)) as typeof args;
        method.apply(this, masked);
      },
    },
  });
}
