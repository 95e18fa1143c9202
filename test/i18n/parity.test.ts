import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languages } from '../../src/languages.js';

/**
 * English is the source of truth. Every language has every namespace file, the same
 * keys (plural keys in the forms that language needs), and the same {{variables}}.
 */
const root = join(import.meta.dirname, '../../locales');
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!).sort();
}

/** Base key → the variables used across its forms, and the plural forms present. */
function summarise(entries: Map<string, string>): Map<string, { vars: Set<string>; forms: Set<string> }> {
  const out = new Map<string, { vars: Set<string>; forms: Set<string> }>();
  for (const [key, text] of entries) {
    const base = key.replace(pluralSuffix, '');
    const form = pluralSuffix.exec(key)?.[1];
    const entry = out.get(base) ?? { vars: new Set<string>(), forms: new Set<string>() };
    for (const v of variables(text)) if (v !== 'count') entry.vars.add(v);
    if (form) entry.forms.add(form);
    out.set(base, entry);
  }
  return out;
}

const load = (lang: string, file: string) => flatten(JSON.parse(readFileSync(join(root, lang, file), 'utf8')) as Tree);
const namespaces = readdirSync(join(root, 'en')).filter((f) => f.endsWith('.json'));

describe('locale parity with English', () => {
  it('has every supported language folder', () => {
    for (const { code } of languages) expect(readdirSync(root), `locales/${code}`).toContain(code);
  });

  for (const { code, intl } of languages.filter((l) => l.code !== 'en')) {
    for (const file of namespaces) {
      it(`${code}/${file} has the same keys and variables as en/${file}`, () => {
        expect(readdirSync(join(root, code)), `locales/${code}/${file} is missing`).toContain(file);
        const english = summarise(load('en', file));
        const other = summarise(load(code, file));
        const missing = [...english.keys()].filter((k) => !other.has(k));
        const extra = [...other.keys()].filter((k) => !english.has(k));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
        const needed = new Intl.PluralRules(intl).resolvedOptions().pluralCategories;
        for (const [key, en] of english) {
          const tr = other.get(key)!;
          expect([...tr.vars].sort(), `${code} ${file} ${key} variables`).toEqual([...en.vars].sort());
          if (en.forms.size > 0) {
            const lacking = needed.filter((f) => !tr.forms.has(f));
            expect(lacking, `${code} ${file} ${key} plural forms`).toEqual([]);
          }
        }
      });
    }
  }
});
