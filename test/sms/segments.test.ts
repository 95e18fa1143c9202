import { describe, expect, it } from 'vitest';
import { countSegments, encodingOf, splitByLength, splitSms } from '../../channels/twilio/segments.js';

const words = (n: number, word = 'repair'): string => Array.from({ length: n }, () => word).join(' ');

describe('SMS segments: what the customer is charged for and receives', () => {
  it('fits 160 GSM-7 characters in one SMS and needs two at 161', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
  });

  it('uses 153 characters per part once a message is concatenated', () => {
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters such as € and [ as two', () => {
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
    // 306 septets would be two parts, but an escape pair may not straddle them: € starts the second.
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual({
      encoding: 'GSM-7',
      units: 306,
      segments: 3,
    });
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7 (70, then 67 a part)', () => {
    expect(encodingOf('Diolch yn fawr ŵ')).toBe('UCS-2');
    expect(encodingOf('Café £5 @ 10:00')).toBe('GSM-7');
    expect(countSegments(`ŵ${'a'.repeat(69)}`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments(`ŵ${'a'.repeat(70)}`).segments).toBe(2);
    expect(countSegments(`ŵ${'a'.repeat(133)}`).segments).toBe(2);
    expect(countSegments(`ŵ${'a'.repeat(134)}`).segments).toBe(3);
  });

  it('counts an emoji as two UCS-2 units and never splits its surrogate pair across parts', () => {
    expect(countSegments('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments('😀'.repeat(36)).segments).toBe(2);
    // 33 emoji fill 66 units; the 34th cannot use the last unit of the first part.
    expect(countSegments(`a${'😀'.repeat(67)}`).segments).toBe(3);
  });
});

describe('splitting a long reply into SMS', () => {
  it('sends a reply that fits as one message, unchanged', () => {
    const text = 'Thanks. Your reference is CMP-2026-000123.';
    expect(splitSms(text, { segmentsPerMessage: 1 })).toEqual([text]);
  });

  it('splits only between words, each part within one SMS, and numbers the parts', () => {
    const text = words(60); // 419 characters
    const parts = splitSms(text, { segmentsPerMessage: 1 });
    expect(parts.length).toBeGreaterThan(2);
    parts.forEach((part, i) => {
      expect(countSegments(part).segments).toBe(1);
      expect(part.endsWith(` (${i + 1}/${parts.length})`)).toBe(true);
      expect(
        part
          .replace(/ \(\d+\/\d+\)$/, '')
          .split(' ')
          .every((w) => w === 'repair'),
      ).toBe(true);
    });
    expect(parts.map((p) => p.replace(/ \(\d+\/\d+\)$/, '')).join(' ')).toBe(text);
  });

  it('keeps parts within several segments when allowed, so most replies stay one message', () => {
    const text = words(80); // 559 characters: 4 segments
    expect(splitSms(text, { segmentsPerMessage: 4 })).toEqual([text]);
    const parts = splitSms(text, { segmentsPerMessage: 2 });
    expect(parts.length).toBe(2);
    for (const part of parts) expect(countSegments(part).segments).toBeLessThanOrEqual(2);
  });

  it('never breaks a case reference, a link or a phone number across two messages', () => {
    const filler = 'Thank you for telling us about this and for your patience while we look into it';
    const text = `${filler}. Your reference is CMP-2026-000123 and you can follow it at https://example.org/track/CMP-2026-000123 or call 0300 123 4567 any time.`;
    for (const segmentsPerMessage of [1, 2]) {
      const parts = splitSms(text, { segmentsPerMessage });
      const joined = parts.map((p) => p.replace(/ \(\d+\/\d+\)$/, ''));
      expect(joined.some((p) => p.includes('CMP-2026-000123'))).toBe(true);
      expect(joined.some((p) => p.includes('https://example.org/track/CMP-2026-000123'))).toBe(true);
      expect(joined.some((p) => p.includes('0300 123 4567'))).toBe(true);
    }
  });

  it('splits a UCS-2 reply at 70/67 units without cutting an emoji in half', () => {
    const text = `Diolch 👍 ${words(30, 'ŵyn')} 😀`;
    const parts = splitSms(text, { segmentsPerMessage: 1 });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(countSegments(part).segments).toBe(1);
      expect(part).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('cuts a word longer than a whole SMS between whole characters', () => {
    const parts = splitSms('x'.repeat(400), { segmentsPerMessage: 1, numbered: false });
    expect(parts.join('')).toBe('x'.repeat(400));
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(160);
  });

  it('splits WhatsApp text by length only, between words', () => {
    const text = words(300);
    const parts = splitByLength(text, 1600);
    expect(parts.length).toBe(2);
    expect(parts.join(' ')).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1600);
  });
});
