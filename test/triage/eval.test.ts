import { describe, expect, it } from 'vitest';
import { classify } from '../../src/triage/classify.js';
import { loadCorpus } from '../../src/triage/corpus.js';
import { evaluate, targets } from '../../src/triage/metrics.js';
import { sharedKindModel, trainKindModel } from '../../src/triage/model.js';

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
