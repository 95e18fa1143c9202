/**
 * `npm run eval:triage`: scores triage on the held-out test split of the shipped corpus.
 * Prints per-class precision and recall, macro-F1, the confusion matrix, emergency and
 * flag figures; exits 1 when a target is missed (macro-F1 >= 0.90, formal complaint
 * recall >= 0.95, emergency recall 1.0).
 *   --split train|test   which split to score (default test)
 *   --errors             also list the messages it got wrong
 */
import { loadCorpus, type CorpusSplit } from '../src/triage/corpus.js';
import { evaluate, meetsTargets, targets } from '../src/triage/metrics.js';
import { sharedModelInfo } from '../src/triage/model.js';
import { kinds } from '../src/triage/types.js';

const args = process.argv.slice(2);
const split: CorpusSplit = args.includes('--split') && args[args.indexOf('--split') + 1] === 'train' ? 'train' : 'test';
const showErrors = args.includes('--errors');

const { trainMs, model } = sharedModelInfo();
const items = loadCorpus(split);
const report = evaluate(items, model);

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);
const pad = (s: string, n: number): string => s.padEnd(n);
const lines: string[] = [];
lines.push(`triage evaluation on the ${split} split: ${report.total} messages (model: ${model.featureCount} features, trained in ${Math.round(trainMs)} ms)`);
lines.push('');
lines.push(`${pad('class', 18)}precision  recall      F1  support`);
for (const k of kinds) {
  const m = report.perClass[k];
  lines.push(`${pad(k, 18)}${pct(m.precision)}  ${pct(m.recall)} ${pct(m.f1)}  ${String(m.support).padStart(7)}`);
}
lines.push('');
lines.push(`macro-F1            ${pct(report.macroF1)}   (target >= ${pct(targets.macroF1).trim()})`);
lines.push(`accuracy            ${pct(report.accuracy)}`);
lines.push(`formal recall       ${pct(report.perClass.formal_complaint.recall)}   (target >= ${pct(targets.formalRecall).trim()})`);
lines.push(`emergency recall    ${pct(report.emergency.recall)}   (target ${pct(targets.emergencyRecall).trim()})`);
lines.push(`emergency precision ${pct(report.emergency.precision)}`);
lines.push('');
lines.push('confusion matrix (rows: labelled, columns: predicted)');
lines.push(`${pad('', 18)}${kinds.map((k) => k.padStart(18)).join('')}`);
for (const a of kinds) lines.push(`${pad(a, 18)}${kinds.map((p) => String(report.confusion[a][p]).padStart(18)).join('')}`);
lines.push('');
lines.push(`${pad('flag', 18)}precision  recall  labelled`);
for (const [flag, f] of Object.entries(report.flags).sort()) {
  const precision = f.found === 0 ? 1 : f.correct / f.found;
  const recall = f.labelled === 0 ? 1 : f.correct / f.labelled;
  lines.push(`${pad(flag, 18)}${pct(precision)}  ${pct(recall)}  ${String(f.labelled).padStart(8)}`);
}
if (report.emergency.missed.length > 0) {
  lines.push('', 'MISSED EMERGENCIES:', ...report.emergency.missed.map((t) => `  - ${t}`));
}
if (showErrors) {
  lines.push('', 'kind errors (labelled -> predicted):', ...report.errors.map((e) => `  ${e.expected} -> ${e.got}: ${e.text}`));
  lines.push('', 'emergency false alarms:', ...report.emergency.falseAlarms.map((t) => `  - ${t}`));
}
const ok = meetsTargets(report);
lines.push('', ok ? 'all targets met' : 'TARGETS NOT MET');
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = ok ? 0 : 1;
