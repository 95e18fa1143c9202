import type { Analysis } from './analyse.js';

/**
 * Features for the model, as 32-bit hashes (no strings are built per message, which kept
 * the allocator busy): words, crude English stems (so "waited" and "waiting" share
 * weight), word pairs within a sentence, and what the rules saw (cues, flags, hazards).
 * The rule features let a small corpus generalise: the model learns how much "still
 * waiting" or "third time" weighs, not every way of saying it.
 * Words come from the text with "not a complaint" phrases removed, so "I'm not making a
 * complaint" does not teach the model that "complaint" means formal.
 */
export function featureIds(a: Analysis, channel: string | undefined): number[] {
  const out = new FeatureSet();
  let previous = 0;
  for (const token of a.modelText.split(' ')) {
    if (token === '.') {
      previous = 0;
      continue;
    }
    if (token === ',' || token === '/' || token === '') continue;
    const h = hash(token, WORD);
    out.add(h);
    const s = stemLength(token);
    if (s < token.length) out.add(hash(token, STEM, s));
    if (previous !== 0) out.add((Math.imul(previous ^ PAIR, 0x01000193) ^ h) >>> 0);
    previous = h;
  }
  for (const id of a.cues.keys()) out.add(hash(id, CUE));
  for (const flag of a.flags.keys()) out.add(hash(flag, FLAG));
  if (a.hazards.length > 0) out.add(FACTS.hazard);
  if (a.dissatisfied) out.add(FACTS.dissatisfied);
  if (a.explicitRequest !== undefined) out.add(FACTS.explicit);
  if (a.priorComplaint !== undefined) out.add(FACTS.prior);
  if (a.staffConduct !== undefined) out.add(FACTS.staff);
  if (a.outsideBody !== undefined) out.add(FACTS.outside);
  if (a.legalStep !== undefined) out.add(FACTS.legal);
  if (a.neutral) out.add(FACTS.neutral);
  if (a.neighbourComplaint) out.add(FACTS.neighbour);
  if (channel) out.add(hash(channel.toLowerCase(), CHANNEL));
  const n = a.norm.length;
  out.add(hash(n < 80 ? 'short' : n < 300 ? 'medium' : 'long', LENGTH));
  return out.ids;
}

/**
 * The distinct ids of one message, in the order first added (as a Set gives them), without
 * a Set: a table shared between calls, each slot stamped with the call it belongs to, so it
 * never needs clearing. featureIds is synchronous, so one table is enough.
 */
const TABLE_SIZE = 1 << 13;
const tableIds = new Uint32Array(TABLE_SIZE);
const tableStamp = new Uint32Array(TABLE_SIZE);
let stamp = 0;

class FeatureSet {
  readonly ids: number[] = [];
  private readonly stamp: number;
  private fallback: Set<number> | undefined;

  constructor() {
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) tableStamp.fill(0);
    this.stamp = stamp;
  }

  add(id: number): void {
    // A very long message would fill the table: the rest go through a Set.
    if (this.fallback) {
      if (!this.fallback.has(id)) {
        this.fallback.add(id);
        this.ids.push(id);
      }
      return;
    }
    if (this.ids.length >= TABLE_SIZE / 2) {
      this.fallback = new Set(this.ids);
      this.add(id);
      return;
    }
    let slot = (Math.imul(id, 0x9e3779b1) >>> 19) & (TABLE_SIZE - 1);
    while (tableStamp[slot] === this.stamp) {
      if (tableIds[slot] === id) return;
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    tableStamp[slot] = this.stamp;
    tableIds[slot] = id;
    this.ids.push(id);
  }
}

// One seed per kind of feature, so "w:gas" and "c:gas" never share a hash.
const WORD = 0x811c9dc5;
const STEM = 0x01234567;
const PAIR = 0x9e3779b9;
const CUE = 0x7f4a7c15;
const FLAG = 0x2545f491;
const FACT = 0x6c8e9cf5;
const CHANNEL = 0x3c6ef372;
const LENGTH = 0x5be0cd19;

const FACTS = Object.fromEntries(
  ['hazard', 'dissatisfied', 'explicit', 'prior', 'staff', 'outside', 'legal', 'neutral', 'neighbour'].map((n) => [
    n,
    hash(n, FACT),
  ]),
) as Record<
  'hazard' | 'dissatisfied' | 'explicit' | 'prior' | 'staff' | 'outside' | 'legal' | 'neutral' | 'neighbour',
  number
>;

/** FNV-1a over the first `length` UTF-16 units of `s`. */
function hash(s: string, seed: number, length = s.length): number {
  let h = seed;
  for (let i = 0; i < length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Length of a crude English stem: "waiting" -> "wait", "reported" -> "report". */
function stemLength(w: string): number {
  if (w.length <= 4) return w.length;
  const c = w.charCodeAt(0);
  if (c < 97 || c > 122) return w.length;
  for (const suffix of SUFFIXES) if (w.endsWith(suffix)) return w.length - suffix.length;
  return w.length;
}
const SUFFIXES = ['ing', 'ed', 'es', 's', 'ly'];
