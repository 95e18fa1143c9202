import { describe, expect, it } from 'vitest';
import { classify } from '../../src/triage/classify.js';
import { loadCorpus, loadCorpusFile, parseCorpus, splitBatch, trainingCorpus } from '../../src/triage/corpus.js';
import { evaluate, targets } from '../../src/triage/metrics.js';
import { sharedKindModel, trainKindModel } from '../../src/triage/model.js';
import { analyse } from '../../src/triage/analyse.js';
import { featureIds } from '../../src/triage/features.js';

const train = loadCorpus('train');
const test = loadCorpus('test');

describe('the shipped corpus', () => {
  it('is big enough, split, and the test split shares no message with train', () => {
    expect(train.length + test.length).toBeGreaterThanOrEqual(400);
    expect(test.length / (train.length + test.length)).toBeGreaterThan(0.15);
    const seen = new Set(train.map((i) => i.text.toLowerCase()));
    expect(test.filter((i) => seen.has(i.text.toLowerCase()))).toEqual([]);
  });

  it('covers every kind, emergencies and the languages the lexicon claims', () => {
    const all = [...train, ...test];
    for (const kind of ['enquiry', 'first_time_fix', 'formal_complaint']) {
      expect(all.filter((i) => i.kind === kind).length).toBeGreaterThan(50);
    }
    const emergencyLangs = new Set(all.filter((i) => i.emergency).map((i) => i.lang));
    for (const lang of ['en', 'pl', 'cy', 'ro']) expect(emergencyLangs).toContain(lang);
  });
});

describe('triage on the held-out test split', () => {
  const report = evaluate(test, sharedKindModel());

  it(`meets the targets: macro-F1 >= ${targets.macroF1}, formal recall >= ${targets.formalRecall}, emergency recall 1`, () => {
    expect(report.emergency.missed).toEqual([]);
    expect(report.perClass.formal_complaint.recall).toBeGreaterThanOrEqual(targets.formalRecall);
    expect(report.macroF1).toBeGreaterThanOrEqual(targets.macroF1);
  });
});

describe('the model', () => {
  it('is deterministic: trained twice, it gives the same answers', () => {
    const a = trainKindModel(train);
    const b = trainKindModel(train);
    for (const item of test.slice(0, 40)) {
      expect(classify({ text: item.text }, a)).toEqual(classify({ text: item.text }, b));
    }
  });
});

describe('a new batch, split before tuning', () => {
  const batch = loadCorpusFile(new URL('../../src/triage/corpus/batch-2026-12.jsonl', import.meta.url).pathname);

  it('has at least 150 messages in all ten languages, none of them already in the corpus', () => {
    expect(batch.length).toBeGreaterThanOrEqual(150);
    expect(new Set(batch.map((i) => i.lang))).toEqual(
      new Set(['en', 'cy', 'pl', 'ro', 'ur', 'pa', 'ar', 'bn', 'so', 'zh']),
    );
    const shipped = new Set([...train, ...test].map((i) => i.text.toLowerCase()));
    const inBatch = new Set(batch.map((i) => i.text.toLowerCase()));
    expect(test.filter((i) => inBatch.has(i.text.toLowerCase()))).toEqual([]);
    // The dev half is trained on; the held-out half never is, nor is the test split.
    const { dev, holdout } = splitBatch(batch);
    const trained = new Set(trainingCorpus().map((i) => i.text.toLowerCase()));
    expect(holdout.filter((i) => shipped.has(i.text.toLowerCase()) || trained.has(i.text.toLowerCase()))).toEqual([]);
    expect(test.filter((i) => trained.has(i.text.toLowerCase()))).toEqual([]);
    expect(dev.every((i) => trained.has(i.text.toLowerCase()))).toBe(true);
  });

  it('splits into two disjoint halves with every language on both sides, whatever the order of the file', () => {
    const { dev, holdout } = splitBatch(batch);
    expect(dev.length + holdout.length).toBe(batch.length);
    expect(dev.filter((i) => holdout.includes(i))).toEqual([]);
    expect(Math.abs(dev.length - holdout.length)).toBeLessThan(batch.length / 10);
    for (const lang of new Set(batch.map((i) => i.lang))) {
      expect(dev.some((i) => i.lang === lang)).toBe(true);
      expect(holdout.some((i) => i.lang === lang)).toBe(true);
    }
    const reversed = splitBatch([...batch].reverse());
    expect(new Set(reversed.holdout.map((i) => i.text))).toEqual(new Set(holdout.map((i) => i.text)));
  });

  it('refuses a malformed line, naming the file and line', () => {
    expect(() =>
      parseCorpus(
        '{"text":"ok","kind":"enquiry","emergency":false,"flags":[],"channel":"sms","lang":"en"}\n{"text":',
        'x.jsonl',
      ),
    ).toThrow('x.jsonl:2: not JSON');
    expect(() =>
      parseCorpus(
        '{"text":"ok","kind":"complaint","emergency":false,"flags":[],"channel":"sms","lang":"en"}',
        'x.jsonl',
      ),
    ).toThrow(/x\.jsonl:1/);
  });
});

describe('features', () => {
  it('lists each feature of a message once, also for a message longer than the shared table', () => {
    const long = `${'the boiler is broken '.repeat(500)}${Array.from({ length: 6000 }, (_, k) => `w${k}`).join(' ')}`;
    for (const text of ['no hot water for a week and nobody calls back', long, 'gas gas gas gas']) {
      const ids = featureIds(analyse(text), 'sms');
      expect(new Set(ids).size).toBe(ids.length);
    }
    // The same message gives the same features, whatever came before it.
    const once = featureIds(analyse('my kitchen tap drips'), 'sms');
    featureIds(analyse(long), 'sms');
    expect(featureIds(analyse('my kitchen tap drips'), 'sms')).toEqual(once);
  });
});
