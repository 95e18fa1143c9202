import { classify } from './classify.js';
import type { KindModel } from './model.js';
import { kinds, type CorpusItem, type Kind } from './types.js';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalReport {
  total: number;
  perClass: Record<Kind, ClassMetrics>;
  macroF1: number;
  accuracy: number;
  /** confusion[actual][predicted] */
  confusion: Record<Kind, Record<Kind, number>>;
  emergency: { recall: number; precision: number; missed: string[]; falseAlarms: string[] };
  /** Per flag: how many labelled, found, and found correctly. */
  flags: Record<string, { labelled: number; found: number; correct: number }>;
  /** Messages whose kind was wrong, for reading. */
  errors: { text: string; expected: Kind; got: Kind }[];
  /** Messages whose flags were wrong: which were missed and which were raised in error. */
  flagErrors: { text: string; missed: string[]; extra: string[] }[];
  /** Per language the customer wrote in: kind right, emergencies labelled and found. */
  byLang: Record<string, { total: number; kindCorrect: number; emergencies: number; emergenciesFound: number }>;
}

/** Scores triage against labelled items (the test split, or a fold of train). */
export function evaluate(items: readonly CorpusItem[], model?: KindModel): EvalReport {
  const confusion = Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(kinds.map((p) => [p, 0]))])) as Record<
    Kind,
    Record<Kind, number>
  >;
  const emergencyMissed: string[] = [];
  const falseAlarms: string[] = [];
  let emergencyTp = 0;
  const flags: EvalReport['flags'] = {};
  const errors: EvalReport['errors'] = [];
  const byLang: EvalReport['byLang'] = {};
  const flagErrors: EvalReport['flagErrors'] = [];

  for (const item of items) {
    const r = classify({ text: item.text, channel: item.channel, priorComplaint: item.priorComplaint }, model);
    confusion[item.kind][r.kind]++;
    const lang = (byLang[item.lang] ??= { total: 0, kindCorrect: 0, emergencies: 0, emergenciesFound: 0 });
    lang.total++;
    if (r.kind === item.kind) lang.kindCorrect++;
    if (item.emergency) lang.emergencies++;
    if (item.emergency && r.emergency) lang.emergenciesFound++;
    if (r.kind !== item.kind) errors.push({ text: item.text, expected: item.kind, got: r.kind });
    if (item.emergency && r.emergency) emergencyTp++;
    if (item.emergency && !r.emergency) emergencyMissed.push(item.text);
    if (!item.emergency && r.emergency) falseAlarms.push(item.text);
    const missedFlags = item.flags.filter((f) => !r.flags.includes(f));
    const extraFlags = r.flags.filter((f) => !item.flags.includes(f));
    if (missedFlags.length + extraFlags.length > 0)
      flagErrors.push({ text: item.text, missed: missedFlags, extra: extraFlags });
    for (const f of new Set<string>([...item.flags, ...r.flags])) {
      const entry = (flags[f] ??= { labelled: 0, found: 0, correct: 0 });
      const labelled = (item.flags as string[]).includes(f);
      const found = (r.flags as string[]).includes(f);
      if (labelled) entry.labelled++;
      if (found) entry.found++;
      if (labelled && found) entry.correct++;
    }
  }

  const perClass = Object.fromEntries(
    kinds.map((k) => {
      const tp = confusion[k][k];
      const predicted = kinds.reduce((s, a) => s + confusion[a][k], 0);
      const support = kinds.reduce((s, p) => s + confusion[k][p], 0);
      const precision = predicted === 0 ? 0 : tp / predicted;
      const recall = support === 0 ? 0 : tp / support;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return [k, { precision, recall, f1, support }];
    }),
  ) as Record<Kind, ClassMetrics>;

  const emergencies = emergencyTp + emergencyMissed.length;
  const flagged = emergencyTp + falseAlarms.length;
  return {
    total: items.length,
    perClass,
    macroF1: kinds.reduce((s, k) => s + perClass[k].f1, 0) / kinds.length,
    accuracy: kinds.reduce((s, k) => s + confusion[k][k], 0) / Math.max(1, items.length),
    confusion,
    emergency: {
      recall: emergencies === 0 ? 1 : emergencyTp / emergencies,
      precision: flagged === 0 ? 1 : emergencyTp / flagged,
      missed: emergencyMissed,
      falseAlarms,
    },
    flags,
    errors,
    flagErrors,
    byLang,
  };
}

/** The targets from the issue: macro-F1 >= 0.90, formal recall >= 0.95, emergency recall 1.0. */
export const targets = { macroF1: 0.9, formalRecall: 0.95, emergencyRecall: 1 } as const;

export function meetsTargets(r: EvalReport): boolean {
  return (
    r.macroF1 >= targets.macroF1 &&
    r.perClass.formal_complaint.recall >= targets.formalRecall &&
    r.emergency.recall >= targets.emergencyRecall
  );
}
