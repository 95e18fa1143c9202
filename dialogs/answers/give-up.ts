import type { TurnContext } from 'botbuilder-core';
import type { TurnInfo } from '../turn.js';

/**
 * What happens after two answers the bot could not use: the second is taken as the
 * customer's own words and marked for a colleague to check (a `check:…` flag on the
 * case the flow opens), or the conversation goes to a person. Never a third asking.
 */
export type GiveUp = 'accept' | 'handoff';

const handoffKey = Symbol('dialogs.answers.handoff');

/** Asks the bot to hand the conversation to a person once the dialogs have run this turn. */
export function requestHandoff(context: TurnContext, reason: string): void {
  context.turnState.set(handoffKey, reason);
}

/** The reason a dialog asked for a person this turn, if one did. */
export function handoffRequested(context: TurnContext): string | undefined {
  const reason: unknown = context.turnState.get(handoffKey);
  return typeof reason === 'string' ? reason : undefined;
}

/** Notes an answer taken unchecked, for the next case this conversation opens. */
export function markForCheck(info: TurnInfo, flag: string): void {
  const marks = info.data.answersToCheck ?? [];
  if (!marks.includes(flag)) info.data.answersToCheck = [...marks, flag];
}

/** The marks for the case being opened now (and no later one). */
export function takeMarks(info: TurnInfo): string[] {
  const marks = info.data.answersToCheck ?? [];
  info.data.answersToCheck = [];
  return marks;
}
