/**
 * `npm run eval:triage`: scores triage on labelled messages: by default the held-out test
 * split of the shipped corpus. Prints per-class precision and recall, macro-F1, the
 * confusion matrix, emergency and flag figures and a line per language; exits 1 when a
 * target is missed (macro-F1 >= 0.90, formal complaint recall >= 0.95, emergency recall 1.0).
 *   --split train|test      which split of the shipped corpus to score (default test)
 *   --file PATH             score any file in the corpus format instead (e.g. a new batch)
 *   --part dev|holdout      with --file: only that half of the batch (corpus.ts splitBatch).
 *                           The held-out half's messages are never printed, so nobody tunes
 *                           against them by accident.
 *   --errors                also list the messages it got wrong
 */
import { loadCorpus, loadCorpusFile, splitBatch, type BatchPart, type CorpusSplit } from '../src/triage/corpus.js';
import { evaluate, meetsTargets, targets } from '../src/triage/metrics.js';
import { sharedModelInfo } from '../src/triage/model.js';
import { kinds, type CorpusItem } from '../src/triage/types.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const fail = (message: string): never => {
  process.stderr.write(`eval:triage: ${message}\n`);
  process.exit(2);
};

const split: CorpusSplit = option('--split') === 'train' ? 'train' : 'test';
const file = option('--file');
const partArg = option('--part');
if (partArg !== undefined && partArg !== 'dev' && partArg !== 'holdout') fail('--part must be dev or holdout');
if (partArg !== undefined && file === undefined) fail('--part needs --file');
const part = partArg as BatchPart | undefined;
const showTexts = part !== 'holdout';
if (args.includes('--errors') && !showTexts) fail('the held-out part is scored, never read: leave out --errors');
const showErrors = args.includes('--errors');

function load(): { items: CorpusItem[]; name: string } {
  if (file === undefined) return { items: loadCorpus(split), name: `the ${split} split` };
  let all: CorpusItem[] = [];
  try {
    all = loadCorpusFile(file);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  return part ? { items: splitBatch(all)[part], name: `${file} (${part} part)` } : { items: all, name: file };
}
const { items, name } = load();

const { trainMs, model } = sharedModelInfo();
const report = evaluate(items, model);
const emergencies = items.filter((i) => i.emergency).length;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);
const pad = (s: string, n: number): string => s.padEnd(n);
const lines: string[] = [];
lines.push(
  `triage evaluation on ${name}: ${report.total} messages (model: ${model.featureCount} features, trained in ${Math.round(trainMs)} ms)`,
);
lines.push('');
lines.push(`${pad('class', 18)}precision  recall      F1  support`);
for (const k of kinds) {
  const m = report.perClass[k];
  lines.push(`${pad(k, 18)}${pct(m.precision)}  ${pct(m.recall)} ${pct(m.f1)}  ${String(m.support).padStart(7)}`);
}
lines.push('');
lines.push(`macro-F1            ${pct(report.macroF1)}   (target >= ${pct(targets.macroF1).trim()})`);
lines.push(`accuracy            ${pct(report.accuracy)}`);
lines.push(
  `formal recall       ${pct(report.perClass.formal_complaint.recall)}   (target >= ${pct(targets.formalRecall).trim()})`,
);
lines.push(
  `emergency recall    ${pct(report.emergency.recall)}   (${emergencies - report.emergency.missed.length} of ${emergencies}; target ${pct(targets.emergencyRecall).trim()})`,
);
lines.push(
  `emergency precision ${pct(report.emergency.precision)}   (${report.emergency.falseAlarms.length} false alarms)`,
);
lines.push('');
lines.push('confusion matrix (rows: labelled, columns: predicted)');
lines.push(`${pad('', 18)}${kinds.map((k) => k.padStart(18)).join('')}`);
for (const a of kinds)
  lines.push(`${pad(a, 18)}${kinds.map((p) => String(report.confusion[a][p]).padStart(18)).join('')}`);
lines.push('');
lines.push(`${pad('flag', 18)}precision  recall  labelled`);
for (const [flag, f] of Object.entries(report.flags).sort()) {
  const precision = f.found === 0 ? 1 : f.correct / f.found;
  const recall = f.labelled === 0 ? 1 : f.correct / f.labelled;
  lines.push(`${pad(flag, 18)}${pct(precision)}  ${pct(recall)}  ${String(f.labelled).padStart(8)}`);
}
lines.push('');
lines.push(`${pad('language', 18)}messages  kind right  emergencies found`);
for (const [lang, l] of Object.entries(report.byLang).sort((a, b) => b[1].total - a[1].total)) {
  lines.push(
    `${pad(lang, 18)}${String(l.total).padStart(8)}  ${String(l.kindCorrect).padStart(10)}  ${`${l.emergenciesFound} of ${l.emergencies}`.padStart(17)}`,
  );
}
if (report.emergency.missed.length > 0) {
  lines.push(
    '',
    showTexts ? 'MISSED EMERGENCIES:' : `MISSED EMERGENCIES: ${report.emergency.missed.length} (held out: not shown)`,
  );
  if (showTexts) lines.push(...report.emergency.missed.map((t) => `  - ${t}`));
}
if (showErrors) {
  lines.push(
    '',
    'kind errors (labelled -> predicted):',
    ...report.errors.map((e) => `  ${e.expected} -> ${e.got}: ${e.text}`),
  );
  lines.push('', 'emergency false alarms:', ...report.emergency.falseAlarms.map((t) => `  - ${t}`));
  lines.push(
    '',
    'flag errors:',
    ...report.flagErrors.map(
      (e) => `  ${[...e.missed.map((f) => `missed ${f}`), ...e.extra.map((f) => `raised ${f}`)].join(', ')}: ${e.text}`,
    ),
  );
}
const ok = meetsTargets(report);
lines.push('', ok ? 'all targets met' : 'TARGETS NOT MET');
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = ok ? 0 : 1;
