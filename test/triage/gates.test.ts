import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus, loadCorpusFile } from '../../src/triage/corpus.js';
import {
  COMPLAINT_WORD,
  cues,
  ELECTED_REPRESENTATIVE,
  ELECTED_WORD,
  EXPLICIT_REQUEST,
  LEGAL_STEP,
  LEGAL_WORD,
  NOT_A_COMPLAINT,
  PRIOR_COMPLAINT,
} from '../../src/triage/lexicon/complaint.js';
import { hazardRules } from '../../src/triage/lexicon/emergency.js';
import { flagRules } from '../../src/triage/lexicon/flags.js';
import { normalise, sentences } from '../../src/triage/normalise.js';

/**
 * A rule's gate is a cheap test run before its pattern, to save time (bench:triage). It must
 * never be stricter than the rule: wherever the pattern (and what the rule needs) matches,
 * the gate matches too, or an emergency could be missed. Checked on every message in the corpus and the new batch,
 * and on every quoted string in the triage tests.
 */
const here = new URL('./', import.meta.url);
const quoted = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts'))
  .flatMap((f) => [
    ...readFileSync(new URL(f, here), 'utf8').matchAll(/'((?:[^'\\\n]|\\.){3,})'|"((?:[^"\\\n]|\\.){3,})"/g),
  ])
  .map((m) => (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'));
const texts = [
  ...loadCorpus('train').map((i) => i.text),
  ...loadCorpus('test').map((i) => i.text),
  ...loadCorpusFile(new URL('../../src/triage/corpus/batch-2026-12.jsonl', import.meta.url).pathname).map(
    (i) => i.text,
  ),
  ...quoted,
];
const samples = texts.flatMap((t) => {
  const norm = normalise(t);
  return [norm, ...sentences(norm)];
});

describe('gates never hide a match', () => {
  const gated = [
    ...hazardRules
      .filter((r) => r.gate)
      .map((r) => ({
        name: `hazard ${r.hazard}: ${r.says}`,
        gate: r.gate as RegExp,
        pattern: r.pattern,
        needs: r.needs,
      })),
    ...cues
      .filter((c) => c.gate)
      .map((c) => ({ name: `cue ${c.id}`, gate: c.gate as RegExp, pattern: c.pattern, needs: undefined })),
    ...flagRules
      .filter((f) => f.gate)
      .map((f) => ({ name: `flag ${f.flag}`, gate: f.gate as RegExp, pattern: f.pattern, needs: undefined })),
  ];

  it('there are gated rules and enough text to check them on', () => {
    expect(gated.length).toBeGreaterThan(25);
    expect(samples.length).toBeGreaterThan(3000);
  });

  it.each(gated)('$name', ({ gate, pattern, needs }) => {
    // A rule fires when its pattern (and what it needs) match: the gate must match then too.
    const hidden = samples.filter((s) => pattern.test(s) && (!needs || needs.test(s)) && !gate.test(s));
    expect(hidden).toEqual([]);
  });
});

it('no request for a complaint, earlier complaint or "not a complaint" is found without a complaint word', () => {
  const ascii = samples.filter((s) => !/[^\x00-\x7f£]/u.test(s));
  for (const re of [EXPLICIT_REQUEST, PRIOR_COMPLAINT, new RegExp(NOT_A_COMPLAINT.source, 'u')]) {
    expect(ascii.filter((s) => re.test(s) && !COMPLAINT_WORD.test(s))).toEqual([]);
  }
});

it('no legal step or elected representative is found without its word', () => {
  const ascii = samples.filter((s) => !/[^\x00-\x7f£]/u.test(s));
  expect(ascii.filter((s) => LEGAL_STEP.test(s) && !LEGAL_WORD.test(s))).toEqual([]);
  expect(ascii.filter((s) => ELECTED_REPRESENTATIVE.test(s) && !ELECTED_WORD.test(s))).toEqual([]);
});
