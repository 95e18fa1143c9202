import { ActivityTypes, type TurnContext } from 'botbuilder-core';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { AnswerCheck } from './answer-checks.js';
import { passes } from './answer-checks.js';
import { recogniseChoice } from './recognise.js';
import type { ChoiceSpec, Phrase, Speaker } from './speaker.js';

export interface AskOptions {
  prompt: Phrase;
  /** Choices shown as numbered lines (SMS) or buttons (web chat, Messenger). */
  choices?: ChoiceSpec[];
  /** With choices: a reply that matches none is taken as the customer's own words. */
  freeText?: boolean;
  /** Without choices: what a free-text answer must be. @defaultValue 'any' */
  check?: AnswerCheck;
}

/** What the customer answered: the choice's value (null for free text) and what they wrote. */
export interface Answer {
  value: string | null;
  text: string;
}

interface AskState {
  options: AskOptions;
  tries: number;
}

/** After this many answers it could not use, the question also says how to reach a person. */
const triesBeforeAgentHint = 2;

/**
 * One question. Unlike botbuilder's prompts it keeps the question as a key, not as
 * text, so asking again after a language switch uses the new language; and it shows
 * choices the way the channel can (numbered on SMS, buttons elsewhere).
 */
export class Ask extends Dialog<AskOptions> {
  constructor(
    id: string,
    private readonly speaker: Speaker,
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
    const choices = state.options.choices ?? [];
    const retryKey = choices.length > 0 ? 'ask.retryChoice' : `ask.retry.${state.options.check ?? 'any'}`;
    if (state.tries >= triesBeforeAgentHint) await this.speaker.say(context, 'ask.agentHint');
    await this.speaker.ask(context, retryKey, choices);
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

  private recognise(context: TurnContext, options: AskOptions, text: string): Answer | undefined {
    const choices = options.choices ?? [];
    if (choices.length > 0) {
      const value = recogniseChoice(
        text,
        choices.map((c) => ({ value: c.value, words: this.speaker.words(context, c) })),
        !options.freeText,
      );
      if (value !== undefined) return { value, text };
      return options.freeText && text !== '' ? { value: null, text } : undefined;
    }
    return passes(options.check ?? 'any', text) ? { value: null, text } : undefined;
  }
}
