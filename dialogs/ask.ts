import { ActivityTypes, type TurnContext } from 'botbuilder-core';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './botbuilder-dialogs.js';
import type { LanguageCode } from '../src/languages.js';
import { defaultAnswerReader, type AnswerCheck, type AnswerReader } from './answer-checks.js';
import { markForCheck, requestHandoff, type GiveUp } from './answers/give-up.js';
import { innermostDialog } from './dialog-stack.js';
import { yesNo } from './choice-sets.js';
import { askId } from './flow-start.js';
import { languageNamed } from './languages.js';
import { recogniseChoice } from './recognise.js';
import type { ChoiceSpec, Phrase, Speaker } from './speaker.js';
import { turnOf } from './turn.js';

export interface AskOptions {
  prompt: Phrase;
  /** Choices shown as numbered lines (SMS) or buttons (web chat, Messenger). */
  choices?: ChoiceSpec[];
  /** With choices: a reply that matches none is taken as the customer's own words. */
  freeText?: boolean;
  /** Without choices: what a free-text answer must be. @defaultValue 'any' */
  check?: AnswerCheck;
  /**
   * A free-text question about something else than the matter (how to contact them): a fault
   * or a complaint written here ("also the kitchen tap is leaking") is a new matter, not its answer.
   */
  notForMatters?: boolean;
  /**
   * After two answers it cannot use: take the second as the customer's own words, marked
   * for a colleague to check, or pass the conversation to a person.
   * @defaultValue 'accept' for free text, 'handoff' for choices (a consent cannot be guessed)
   */
  giveUp?: GiveUp;
  /** The flag an answer taken unchecked puts on the case (`check:home`). @defaultValue `check:<check>` */
  checkFlag?: string;
  /** With choices: the one a longer reply takes when it names this one and others too. */
  prefer?: string;
  /** A language's name answers this question (the format and language questions) rather than switching the conversation. */
  takesLanguageNames?: boolean;
}

/** What the customer answered: the choice's value (null for free text) and what they wrote. */
export interface Answer {
  value: string | null;
  text: string;
  /** Taken as said after two tries: a colleague checks it. */
  unchecked?: boolean;
  /** A language named in answer to a question that takes one. */
  language?: LanguageCode;
  /** The question's `prefer` choice, taken because the reply named it and another too. */
  preferred?: true;
}

interface AskState {
  options: AskOptions;
  tries: number;
}

/** Answers it could not use before it stops asking: the question is never put a third time. */
const maxTries = 2;

/**
 * One question. Unlike botbuilder's prompts it keeps the question as a key, not as
 * text, so asking again after a language switch uses the new language; and it shows
 * choices the way the channel can (numbered on SMS, buttons elsewhere). A reply is
 * understood in the customer's words, in any language we speak; one it cannot use gets
 * the question again with a reason, and a second one is accepted or passed to a person.
 */
export class Ask extends Dialog<AskOptions> {
  constructor(
    id: string,
    private readonly speaker: Speaker,
    private readonly reader: AnswerReader = defaultAnswerReader,
  ) {
    super(id);
  }

  override async beginDialog(dc: DialogContext, options?: AskOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error(`${this.id}: a question needs options`);
    const state: AskState = { options, tries: 0 };
    Object.assign(dc.activeDialog?.state ?? {}, state);
    await this.speaker.ask(dc.context, options.prompt, options.choices);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog?.state as AskState;
    const text = (context.activity.text ?? '').trim();
    const answer = this.recognise(context, state.options, text);
    if (answer) return dc.endDialog(answer);
    state.tries += 1;
    const { options } = state;
    const choices = options.choices ?? [];
    if (state.tries >= maxTries) {
      const giveUp = options.giveUp ?? (choices.length > 0 ? 'handoff' : 'accept');
      if (giveUp === 'accept' && text !== '') {
        markForCheck(turnOf(context), options.checkFlag ?? `check:${options.check ?? 'answer'}`);
        await this.speaker.say(context, 'ask.accepted');
        const taken: Answer = { value: null, text, unchecked: true };
        return dc.endDialog(taken);
      }
      // The bot says which it does; the handoff itself runs once the dialogs are done this turn.
      await this.speaker.say(context, 'ask.handingOver');
      requestHandoff(context, 'could_not_understand');
      return Dialog.EndOfTurn;
    }
    await this.speaker.ask(context, options.prompt, choices, this.retryKey(context, options, text));
    return Dialog.EndOfTurn;
  }

  /** Something pushed above the question has ended: ask it again. */
  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.activeDialog) await this.repromptDialog(dc.context, dc.activeDialog);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as AskState;
    await this.speaker.ask(context, state.options.prompt, state.options.choices);
  }

  /**
   * Why the question is asked again. A bare "yes" or "no" to an either-or ("Shall we log a
   * formal complaint, or try to put it right?") was heard: the customer is asked which one,
   * not told they were not understood.
   */
  private retryKey(context: TurnContext, options: AskOptions, text: string): string {
    if (!options.choices?.length || (options.freeText && (options.check ?? 'any') !== 'any'))
      return `ask.retry.${options.check ?? 'any'}`;
    const yesOrNo = yesNo.map((c) => ({ value: c.value, words: this.speaker.wordsInAnyLanguage(context, c) }));
    return recogniseChoice(text, yesOrNo, false) === undefined ? 'ask.retryChoice' : 'ask.retryWhich';
  }

  private recognise(context: TurnContext, options: AskOptions, text: string): Answer | undefined {
    const choices = options.choices ?? [];
    // A language named outright ("اردو", "Polski") is the answer, before any choice's words: the
    // Urdu format choice "another language" lists "اردو", but an Urdu speaker naming Urdu wants
    // letters in the language we are speaking, not to be asked which language.
    const named = options.takesLanguageNames ? languageNamed(text) : undefined;
    if (named) return { value: null, text, language: named };
    if (choices.length > 0) {
      // The conversation's language and English first; then every language we speak ("tak" in English, "yes" in Welsh).
      const own = choices.map((c) => ({ value: c.value, words: this.speaker.words(context, c) }));
      const anyLanguage = () =>
        choices.map((c) => ({ value: c.value, words: this.speaker.wordsInAnyLanguage(context, c) }));
      const value =
        recogniseChoice(text, own, !options.freeText) ?? recogniseChoice(text, anyLanguage(), !options.freeText);
      if (value !== undefined) return { value, text };
      // A reply naming two choices, one of them the question's `prefer`: that one, marked as inferred.
      if (options.prefer !== undefined) {
        const preferred =
          recogniseChoice(text, own, !options.freeText, options.prefer) ??
          recogniseChoice(text, anyLanguage(), !options.freeText, options.prefer);
        if (preferred !== undefined) return { value: preferred, text, preferred: true };
      }
      // Free text beside the choices, when the question has a check, must pass it ("Skip", or a name).
      return options.freeText && text !== '' && this.reader.passes(options.check ?? 'any', text)
        ? { value: null, text }
        : undefined;
    }
    return this.reader.passes(options.check ?? 'any', text) ? { value: null, text } : undefined;
  }
}

/** The question waiting for an answer, however deep in the flow; undefined when none is. */
export function pendingQuestion(dc: DialogContext): AskOptions | undefined {
  const instance = innermostDialog(dc);
  if (instance?.id !== askId) return undefined;
  return (instance.state as Partial<AskState>).options;
}
