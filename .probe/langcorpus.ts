import { readFileSync } from 'node:fs';
import { detectLanguage } from '/work/main/dialogs/languages.js';
import { languageCodes } from '/work/main/src/languages.js';
let n = 0, wrong = 0; const bad: string[] = [];
const per: Record<string, [number, number]> = {};
for (const f of ['train', 'test', 'batch-2026-12']) for (const line of readFileSync(`/work/main/src/triage/corpus/${f}.jsonl`, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { text, lang } = JSON.parse(line);
  const got = detectLanguage(text, languageCodes) ?? 'en?';
  n++; per[lang] ??= [0, 0]; per[lang][0]++;
  const ok = got === lang || (got === 'en?' && (lang === 'en'));
  if (!ok) { wrong++; per[lang][1]++; if (bad.length < 400) bad.push(`${lang}->${got} | ${text.slice(0, 100)}`); }
}
console.log(JSON.stringify({ n, wrong, per }));
console.log(bad.filter(b=>b.startsWith('en->')).join('\n'));
console.log('--- non-en missed'); console.log(bad.filter(b=>!b.startsWith('en->')).slice(0,40).join('\n'));
