import { readFileSync } from 'node:fs';
import { CorpusItemSchema, type CorpusItem } from './types.js';

export type CorpusSplit = 'train' | 'test';

/** The labelled corpus that ships in the repo (src/triage/corpus/*.jsonl). Validated line by line. */
export function loadCorpus(split: CorpusSplit): CorpusItem[] {
  const url = new URL(`./corpus/${split}.jsonl`, import.meta.url);
  return parseCorpus(readFileSync(url, 'utf8'), `${split}.jsonl`);
}

export function parseCorpus(text: string, name: string): CorpusItem[] {
  const items: CorpusItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = CorpusItemSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${name}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid item'}`);
    items.push(parsed.data);
  });
  return items;
}
