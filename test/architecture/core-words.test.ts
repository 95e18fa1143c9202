import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { channelWordsIn } from './channel-words.js';

// The core never knows Slack or Meta exist (issue 14): their settings, tables, payloads and log
// fields live in channels/slack and channels/meta and are composed in app/. Comments may
// name them; code may not.

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('./words-fixture/', import.meta.url));

/**
 * What the core still says, and why; one more of any of these fails the test. Channel ids are
 * declared by each channel (channels/meta/ids.ts merges its own into src/channel-id.ts), so
 * the one word left is a tenant's.
 */
const allowed: Record<string, Partial<Record<string, number>>> = {
  // "my details are on facebook": a tenant reporting a data breach (docs/rules/data-protection.md#breaches-reported-by-customers).
  'src/triage/lexicon/flags.ts': { facebook: 1 },
};

function beyondAllowed(found: { file: string; word: string; line: string }[]): string[] {
  const counts = new Map<string, number>();
  const over: string[] = [];
  for (const { file, word, line } of found) {
    const key = `${file} ${word}`;
    const seen = (counts.get(key) ?? 0) + 1;
    counts.set(key, seen);
    if (seen > (allowed[file]?.[word] ?? 0)) over.push(`${file}: ${word} in ${line.slice(0, 100)}`);
  }
  return over;
}

describe('the core names no Slack or Meta outside comments', () => {
  it('holds for src/', () => {
    expect(beyondAllowed(channelWordsIn(`${root}src`, root))).toEqual([]);
  });

  it('finds them in code, and not in comments, import.meta, <meta> or metadata', () => {
    const found = channelWordsIn(fixture).map(({ file, word }) => `${file}: ${word}`);
    expect(found).toEqual(['src/notify.ts: slack', 'src/notify.ts: facebook', 'src/notify.ts: slack']);
    expect(beyondAllowed(channelWordsIn(fixture))).toHaveLength(3);
  });
});
