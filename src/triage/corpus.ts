import { readFileSync } from 'node:fs';
import { InvalidPayloadError } from '../errors.js';
import { CorpusItemSchema, type CorpusItem } from './types.js';

export type CorpusSplit = 'train' | 'test';

/** The labelled corpus that ships in the repo (src/triage/corpus/*.jsonl). Validated line by line. */
export function loadCorpus(split: CorpusSplit): CorpusItem[] {
  const url = new URL(`./corpus/${split}.jsonl`, import.meta.url);
  return parseCorpus(readFileSync(url, 'utf8'), `${split}.jsonl`);
}

/** Any labelled file in the corpus format (e.g. a new batch), validated line by line. */
export function loadCorpusFile(path: string): CorpusItem[] {
  return parseCorpus(readFileSync(path, 'utf8'), path);
}

export function parseCorpus(text: string, name: string): CorpusItem[] {
  const items: CorpusItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new InvalidPayloadError(`${name}:${i + 1}: not JSON`);
    }
    const parsed = CorpusItemSchema.safeParse(json);
    if (!parsed.success)
      throw new InvalidPayloadError(`${name}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid item'}`);
    items.push(parsed.data);
  });
  return items;
}

export type BatchPart = 'dev' | 'holdout';

/**
 * Batches written after the first corpus, each scored unseen before any tuning (see
 * corpus/README.md). Their dev halves are trained on; their held-out halves never are.
 */
export const batchFiles = ['batch-2026-12.jsonl'] as const;

/** A shipped batch, validated line by line. */
export function loadBatch(name: (typeof batchFiles)[number]): CorpusItem[] {
  return parseCorpus(readFileSync(new URL(`./corpus/${name}`, import.meta.url), 'utf8'), name);
}

/** What the model learns from: the train split and the dev half of every batch. */
export function trainingCorpus(): CorpusItem[] {
  return [...loadCorpus('train'), ...batchFiles.flatMap((name) => splitBatch(loadBatch(name)).dev)];
}

/**
 * Splits a new batch in two, before anything is tuned to it: `holdout` is never tuned
 * against (its messages are never printed by the eval) and gives the clean figure; `dev`
 * may be read, tuned against and folded into training. Within each language the messages
 * are ordered by a hash of their text and every second one is held out, so every language
 * has messages on both sides and the split does not depend on the order of the file.
 */
export function splitBatch(items: readonly CorpusItem[]): Record<BatchPart, CorpusItem[]> {
  const byLang = new Map<string, CorpusItem[]>();
  for (const item of items) {
    const list = byLang.get(item.lang) ?? [];
    list.push(item);
    byLang.set(item.lang, list);
  }
  const holdout = new Set<CorpusItem>();
  for (const list of byLang.values()) {
    const ordered = list
      .map((item) => ({ item, h: fnv1a(item.text.toLowerCase()) }))
      .sort((a, b) => a.h - b.h || (a.item.text < b.item.text ? -1 : 1));
    ordered.forEach(({ item }, i) => {
      if (i % 2 === 0) holdout.add(item);
    });
  }
  return { dev: items.filter((i) => !holdout.has(i)), holdout: items.filter((i) => holdout.has(i)) };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
