import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { maskPersonalData, redactPaths } from '../../src/logger.js';

function capture(): { logger: pino.Logger; lines: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  // The same redaction and masking the gateway's logger uses, written to memory.
  const logger = pino(
    {
      redact: { paths: redactPaths, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskPersonalData(a) : a)) as typeof args);
        },
      },
    },
    stream,
  );
  return { logger, lines: () => out };
}

describe('logs carry no personal data', () => {
  it('redacts message bodies, addresses and tokens in structured fields', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        text: 'my daughter has asthma and the mould is back',
        from: '+447700900123',
        to: '+447700900000',
        token: 'eyJhbGciOi',
        req: { headers: { authorization: 'Bearer abc.def' } },
      },
      'inbound message',
    );
    const line = lines();
    expect(line).toContain('inbound message');
    expect(line).not.toContain('asthma');
    expect(line).not.toContain('+447700900123');
    expect(line).not.toContain('eyJhbGciOi');
    expect(line).not.toContain('abc.def');
  });

  it('masks phone numbers, emails and tokens that slip into a free-text message', () => {
    expect(maskPersonalData('send to +44 7700 900123 or 07700 900123 now')).toBe('send to [phone] or [phone] now');
    expect(maskPersonalData('customer jane.smith+x@example.org wrote')).toBe('customer [email] wrote');
    expect(maskPersonalData('slack said invalid_auth for xoxb-123-abc')).toBe('slack said invalid_auth for [token]');
    expect(maskPersonalData(`twilio AC${'a'.repeat(32)} failed`)).toBe('twilio [token] failed');
    // A case reference is not personal data and stays readable.
    expect(maskPersonalData('case CMP-2026-000123 opened')).toBe('case CMP-2026-000123 opened');
  });
});
