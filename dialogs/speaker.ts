import { ActionTypes, ActivityTypes, type Activity, type TurnContext } from 'botbuilder-core';
import type { Translator } from '../src/i18n.js';
import { turnOf } from './turn.js';

/**
 * Something to say, kept as a key and its values rather than as text, so a question
 * asked again after a language switch comes out in the new language.
 */
export interface Phrase {
  key: string;
  vars?: Record<string, string | number>;
  /** Values that are themselves locale keys, translated when said. */
  refs?: Record<string, string>;
  /** Values that are dates (ISO strings), written out in the customer's language when said. */
  dates?: Record<string, string>;
  /** Say it in this language rather than the conversation's (a language offer speaks the language it offers). */
  lang?: string;
}

/** A choice: a locale key holding `title` and `words` (synonyms, `|`-separated), or a fixed title (a language's own name). */
export interface ChoiceSpec {
  value: string;
  key?: string;
  title?: string;
  /** Another choice's key whose words pick this one too ("yes" to "Are you the tenant?" is "I'm the tenant"). */
  also?: string;
}

export type PhraseLike = Phrase | string;

function toPhrase(phrase: PhraseLike, vars?: Record<string, string | number>): Phrase {
  return typeof phrase === 'string' ? { key: phrase, ...(vars ? { vars } : {}) } : phrase;
}

/**
 * Turns keys into words for this turn's language and channel: the channel's own variant
 * of a string where it has one (`_sms`: short, few segments; `_whatsapp`), numbered lines
 * where choices are numbered, and buttons or quick replies elsewhere.
 */
export class Speaker {
  constructor(
    readonly i18n: Translator,
    private readonly defaults: Record<string, string>,
  ) {}

  lang(context: TurnContext): string {
    return turnOf(context).data.lang;
  }

  text(context: TurnContext, phrase: PhraseLike, vars?: Record<string, string | number>): string {
    const info = turnOf(context);
    const p = toPhrase(phrase, vars);
    const lang = p.lang ?? info.data.lang;
    const values: Record<string, string | number> = { ...this.defaults, ...p.vars };
    const variant = info.caps.wording;
    // A word put into a sentence is the channel's word too ("How we'll contact you: WhatsApp").
    for (const [name, key] of Object.entries(p.refs ?? {}))
      values[name] = this.i18n.t(lang, key, { ...this.defaults, ...(variant ? { context: variant } : {}) });
    for (const [name, iso] of Object.entries(p.dates ?? {})) values[name] = this.i18n.formatDate(new Date(iso), lang);
    return this.i18n.t(lang, p.key, { ...values, ...(variant ? { context: variant } : {}) });
  }

  /** A date as the customer reads it: "Tuesday 1 December". */
  date(context: TurnContext, date: Date): string {
    return this.i18n.formatDate(date, this.lang(context));
  }

  title(context: TurnContext, choice: ChoiceSpec): string {
    if (choice.title !== undefined) return choice.title;
    return choice.key ? this.text(context, `${choice.key}.title`) : choice.value;
  }

  /** The words that pick a choice: its title and synonyms in the customer's language and in English. */
  words(context: TurnContext, choice: ChoiceSpec): string[] {
    return this.wordsIn(context, choice, [this.lang(context), 'en']);
  }

  /** The same in every language we have words for: a Polish "tak" counts in an English conversation. */
  wordsInAnyLanguage(context: TurnContext, choice: ChoiceSpec): string[] {
    return this.wordsIn(context, choice, this.i18n.languages);
  }

  private wordsIn(context: TurnContext, choice: ChoiceSpec, langs: readonly string[]): string[] {
    const words = [choice.value, this.title(context, choice)].map((w) => w.trim()).filter((w) => w !== '');
    return [...words, ...this.localeWords(choice, langs)];
  }

  /** The translations never change while the gateway runs: each choice's words are looked up once per set of languages. */
  private readonly localeWordsCache = new Map<string, readonly string[]>();

  private localeWords(choice: ChoiceSpec, langs: readonly string[]): readonly string[] {
    if (!choice.key && !choice.also) return [];
    const cacheKey = `${choice.key ?? ''}\u0000${choice.also ?? ''}\u0000${langs.join(',')}`;
    const cached = this.localeWordsCache.get(cacheKey);
    if (cached) return cached;
    const words: string[] = [];
    for (const key of [choice.key, choice.also]) {
      if (!key) continue;
      for (const lang of new Set(langs)) {
        for (const part of ['title', 'title_sms', 'words']) {
          const full = `${key}.${part}`;
          if (this.i18n.has(lang, full)) words.push(...this.i18n.t(lang, full).split('|'));
        }
      }
    }
    const found = words.map((w) => w.trim()).filter((w) => w !== '');
    this.localeWordsCache.set(cacheKey, found);
    return found;
  }

  async say(context: TurnContext, phrase: PhraseLike, vars?: Record<string, string | number>): Promise<void> {
    await context.sendActivity(this.activity(context, this.text(context, phrase, vars)));
  }

  /** A question with choices, shown the way the channel can show them. */
  async ask(
    context: TurnContext,
    phrase: PhraseLike,
    choices: readonly ChoiceSpec[] = [],
    lead?: PhraseLike,
  ): Promise<void> {
    // A question asked again says why first, then the question itself in full.
    const text = lead ? `${this.text(context, lead)}\n${this.text(context, phrase)}` : this.text(context, phrase);
    if (choices.length === 0) {
      await context.sendActivity(this.activity(context, text));
      return;
    }
    const titles = choices.map((c) => this.title(context, c));
    if (turnOf(context).caps.choices === 'numbered') {
      // SMS: short numbered lines; the customer answers by number or by word.
      await context.sendActivity(
        this.activity(context, `${text}\n${titles.map((t, i) => `${i + 1} ${t}`).join('\n')}`),
      );
      return;
    }
    await context.sendActivity({
      ...this.activity(context, text),
      suggestedActions: { to: [], actions: titles.map((t) => ({ type: ActionTypes.ImBack, title: t, value: t })) },
    });
  }

  private activity(context: TurnContext, text: string): Partial<Activity> {
    return { type: ActivityTypes.Message, text, locale: this.lang(context) };
  }
}
