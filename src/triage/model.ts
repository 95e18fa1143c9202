import { analyse } from './analyse.js';
import { trainingCorpus } from './corpus.js';
import { featureIds } from './features.js';
import { kinds, type CorpusItem, type Kind } from './types.js';

/**
 * A small multinomial logistic regression over binary features, trained at first use on
 * the shipped corpus. Deterministic (no random start, no shuffling), a few hundred
 * kilobytes, and it scores a message in microseconds.
 */
export interface TrainOptions {
  /** Passes over the corpus. @defaultValue 150 */
  epochs?: number;
  /** AdaGrad step size. @defaultValue 0.5 */
  learningRate?: number;
  /** L2 penalty per feature. @defaultValue 0.002 */
  l2?: number;
}

export interface LabelledFeatures {
  /** Hashed feature ids (see features.ts). */
  features: readonly number[];
  kind: Kind;
}

const K = kinds.length;

export class KindModel {
  /** Feature id -> row, as an open-addressing table: a few times faster than a Map here. */
  private readonly keys: Uint32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;

  private constructor(
    private readonly index: ReadonlyMap<number, number>,
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {
    let size = 16;
    while (size < index.size * 2) size *= 2;
    this.mask = size - 1;
    this.keys = new Uint32Array(size);
    this.rows = new Int32Array(size).fill(-1);
    for (const [f, j] of index) {
      let slot = slotOf(f, this.mask);
      while (this.rows[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = f;
      this.rows[slot] = j;
    }
  }

  /** Probability of each kind, in the order of `kinds`. */
  predict(features: readonly number[]): number[] {
    const scores = new Float64Array(this.bias);
    const w = this.weights;
    const keys = this.keys;
    const rows = this.rows;
    const mask = this.mask;
    for (const f of features) {
      let slot = slotOf(f, mask);
      let j = rows[slot] as number;
      while (j !== -1 && keys[slot] !== f) {
        slot = (slot + 1) & mask;
        j = rows[slot] as number;
      }
      if (j === -1) continue;
      const base = j * K;
      for (let k = 0; k < K; k++) scores[k] = (scores[k] as number) + (w[base + k] as number);
    }
    return softmax(scores);
  }

  get featureCount(): number {
    return this.index.size;
  }

  static train(examples: readonly LabelledFeatures[], options: TrainOptions = {}): KindModel {
    const epochs = options.epochs ?? 150;
    const rate = options.learningRate ?? 0.5;
    const l2 = options.l2 ?? 0.002;

    const index = new Map<number, number>();
    const rows = examples.map((ex) =>
      Int32Array.from(ex.features, (f) => {
        let j = index.get(f);
        if (j === undefined) {
          j = index.size;
          index.set(f, j);
        }
        return j;
      }),
    );
    const labels = examples.map((ex) => kinds.indexOf(ex.kind));
    // Each class weighs the same in total, so the many enquiries do not drown the complaints.
    const counts = new Array<number>(K).fill(0);
    for (const y of labels) counts[y] = (counts[y] as number) + 1;
    const classWeight = counts.map((c) => (c === 0 ? 0 : examples.length / (K * c)));

    const n = index.size;
    const w = new Float64Array(n * K);
    const b = new Float64Array(K);
    const gw = new Float64Array(n * K);
    const gb = new Float64Array(K);
    const hw = new Float64Array(n * K).fill(1e-8);
    const hb = new Float64Array(K).fill(1e-8);
    const scale = 1 / Math.max(1, examples.length);

    for (let epoch = 0; epoch < epochs; epoch++) {
      gw.fill(0);
      gb.fill(0);
      rows.forEach((row, i) => {
        const y = labels[i] as number;
        const scores = Array.from(b);
        for (const j of row) for (let k = 0; k < K; k++) scores[k] = (scores[k] as number) + (w[j * K + k] as number);
        const p = softmax(scores);
        const cw = (classWeight[y] as number) * scale;
        for (let k = 0; k < K; k++) {
          const g = ((p[k] as number) - (k === y ? 1 : 0)) * cw;
          gb[k] = (gb[k] as number) + g;
          for (const j of row) gw[j * K + k] = (gw[j * K + k] as number) + g;
        }
      });
      for (let i = 0; i < w.length; i++) {
        const g = (gw[i] as number) + l2 * (w[i] as number);
        hw[i] = (hw[i] as number) + g * g;
        w[i] = (w[i] as number) - (rate * g) / Math.sqrt(hw[i] as number);
      }
      for (let k = 0; k < K; k++) {
        const g = gb[k] as number;
        hb[k] = (hb[k] as number) + g * g;
        b[k] = (b[k] as number) - (rate * g) / Math.sqrt(hb[k] as number);
      }
    }
    return new KindModel(index, w, b);
  }
}

/** Feature ids are hashes already; one multiply spreads them over the table. */
function slotOf(feature: number, mask: number): number {
  return (Math.imul(feature, 0x9e3779b1) >>> 0) & mask;
}

function softmax(scores: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) max = Math.max(max, scores[k] as number);
  const out = new Array<number>(scores.length);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    out[k] = Math.exp((scores[k] as number) - max);
    sum += out[k] as number;
  }
  for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / sum;
  return out;
}

/**
 * Examples the model learns from. Items labelled formal only because the customer had a
 * complaint on record are left out: their words alone say nothing about formality.
 */
export function trainingExamples(items: readonly CorpusItem[]): LabelledFeatures[] {
  return items
    .filter((item) => !item.priorComplaint)
    .map((item) => ({ features: featureIds(analyse(item.text), item.channel), kind: item.kind }));
}

export function trainKindModel(items: readonly CorpusItem[], options?: TrainOptions): KindModel {
  return KindModel.train(trainingExamples(items), options);
}

let shared: { model: KindModel; trainMs: number } | undefined;

/** The model trained on the shipped training corpus (corpus.ts trainingCorpus), once, on first use. */
export function sharedKindModel(): KindModel {
  return sharedModelInfo().model;
}

export function sharedModelInfo(): { model: KindModel; trainMs: number } {
  if (!shared) {
    const start = performance.now();
    const model = trainKindModel(trainingCorpus());
    shared = { model, trainMs: performance.now() - start };
  }
  return shared;
}
