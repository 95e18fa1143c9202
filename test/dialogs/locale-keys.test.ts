import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as choiceSets from '../../dialogs/choice-sets.js';
import { knowledgeTopics } from '../../dialogs/knowledge.js';
import type { ChoiceSpec } from '../../dialogs/speaker.js';
import { createTranslator, formatLondonDate } from '../../src/i18n.js';
import { clockNames } from '../../src/policy/index.js';
import { categoryNames } from '../../src/triage/types.js';

const sources = [
  ...readdirSync(new URL('../../dialogs/', import.meta.url)).map((f) => new URL(`../../dialogs/${f}`, import.meta.url)),
  ...readdirSync(new URL('../../src/cases/', import.meta.url)).map(
    (f) => new URL(`../../src/cases/${f}`, import.meta.url),
  ),
].filter((u) => u.pathname.endsWith('.ts'));

const families =
  /^(start|language|cancel|abuse|public|ask|consent|triage|details|complaint|prefs|confirm|enquiry|knowledge|emergency|status|clocks|handoff|stage2|document|cases|choices|topics)\.[\w.]+$/;

describe('the English locale file (the source of truth for translators)', async () => {
  const i18n = await createTranslator();
  /** A key is there in English as itself or as its plural forms. */
  const has = (key: string) => i18n.has('en', key) || (i18n.has('en', `${key}_one`) && i18n.has('en', `${key}_other`));

  it('has every key the dialogs and the case service say', () => {
    const missing: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const [, key] of text.matchAll(/'([a-zA-Z0-9_.]+)'/g))
        if (key && families.test(key) && !has(key))
          missing.push(`${file.pathname.split('/').slice(-2).join('/')}: ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('has every key built from data: topics, kinds, stages, states, clocks, knowledge and choices', () => {
    const keys = [
      ...categoryNames.map((c) => `topics.${c}`),
      ...['formal_complaint', 'first_time_fix', 'enquiry', 'emergency'].map((k) => `confirm.kind.${k}`),
      ...['none', 'first_time_fix', 'stage1', 'stage2'].map((s) => `status.stage.${s}`),
      ...['open', 'resolved', 'closed', 'withdrawn', 'refused'].map((s) => `status.state.${s}`),
      ...clockNames.map((c) => `clocks.${c}`),
      ...knowledgeTopics.map((k) => `knowledge.${k}`),
      ...['gas', 'fire', 'danger', 'electrics', 'flooding', 'general', 'safeguarding'].map(
        (a) => `emergency.advice.${a}`,
      ),
      ...['any', 'name', 'homeLocator', 'email', 'phone'].map((c) => `ask.retry.${c}`),
      ...Object.values(choiceSets)
        .filter(
          (v): v is ChoiceSpec[] =>
            Array.isArray(v) && v.every((c) => typeof c === 'object' && c !== null && 'value' in c),
        )
        .flat()
        .filter((c) => c.key)
        .flatMap((c) => [`${c.key}.title`, `${c.key}.words`]),
    ];
    expect(keys.filter((k) => !has(k))).toEqual([]);
  });

  it('keeps SMS wording in the GSM-7 alphabet, so a message is not charged at the shorter Unicode rate', () => {
    const en = JSON.parse(readFileSync(new URL('../../locales/en/bot.json', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    const offenders: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node === 'string') {
        if (!path.endsWith('language.list') && /[^\n\x20-\x7E£€]/.test(node)) offenders.push(path);
      } else if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(en, '');
    expect(offenders).toEqual([]);
  });

  it('writes dates as a letter would: weekday, day and month, on the London calendar', () => {
    expect(formatLondonDate(new Date('2026-12-01T12:00:00Z'), 'en')).toBe('Tuesday 1 December');
    expect(formatLondonDate(new Date('2026-12-01T12:00:00Z'), 'pl')).toBe('wtorek 1 grudnia');
    // 23:30 UTC on 31 May is already 1 June in London (BST).
    expect(formatLondonDate(new Date('2026-05-31T23:30:00Z'), 'en')).toBe('Monday 1 June');
    expect(i18n.dir('ur')).toBe('rtl');
    expect(i18n.dir('cy')).toBe('ltr');
  });

  it('falls back to English for a language it has no words for', () => {
    expect(i18n.t('fr', 'cancel.done')).toBe(i18n.t('en', 'cancel.done'));
    expect(i18n.t('so', 'cancel.done')).not.toBe(i18n.t('en', 'cancel.done'));
  });
});
