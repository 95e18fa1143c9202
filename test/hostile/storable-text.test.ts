import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storableJson, storableText } from '../../src/storable-text.js';

describe('storableText: what PostgreSQL can hold, losing nothing a person would see', () => {
  it('drops NUL, which shows as nothing', () => {
    expect(storableText('hi\u0000')).toBe('hi');
    expect(storableText('\u0000the boiler\u0000 is\u0000\u0000 broken')).toBe('the boiler is broken');
  });

  it('replaces a lone surrogate with U+FFFD, as a browser would draw it, and keeps pairs (emoji) whole', () => {
    expect(storableText('damp \ud83d')).toBe('damp \ufffd');
    expect(storableText('\udca7 leak')).toBe('\ufffd leak');
    expect(storableText('\ud83d\udca7 leak \ud83d\ude00')).toBe('\ud83d\udca7 leak \ud83d\ude00');
    expect(storableText('\ud83d\ud83d\udca7')).toBe('\ufffd\ud83d\udca7');
  });

  it('leaves every other text as it was: Welsh, Arabic, Polish, emoji, control characters PostgreSQL takes', () => {
    for (const text of [
      'Mae’r boeler wedi torri',
      'الغلاية معطلة',
      'Zepsuty bojler, łazienka',
      '🚿💧',
      'tab\there\nnew line\u0007bell',
    ]) {
      expect(storableText(text)).toBe(text);
    }
  });

  it('always gives well-formed UTF-16 with no NUL, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.array(fc.constantFrom('\u0000', '\ud800', '\udfff'), { maxLength: 3 }),
        (s, extra) => {
          const cleaned = storableText(extra.join('') + s + extra.join(''));
          expect(cleaned.includes('\u0000')).toBe(false);
          // A lone surrogate cannot survive a round trip through UTF-8.
          expect(Buffer.from(cleaned, 'utf8').toString('utf8')).toBe(cleaned);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cleans every string in a JSON value, keys included, for a jsonb column', () => {
    expect(storableJson({ 'k\u0000': ['a\u0000', { b: '\ud800' }], n: 1, z: null })).toEqual({
      k: ['a', { b: '\ufffd' }],
      n: 1,
      z: null,
    });
  });
});
