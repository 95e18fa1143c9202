import type { TurnContext } from 'botbuilder-core';
import {
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from './botbuilder-dialogs.js';
import type { AnswerCheck } from './answer-checks.js';
import { passes } from './answer-checks.js';
import { Ask, pendingQuestion as askedQuestion, type Answer } from './ask.js';
import { yesNo } from './choice-sets.js';
import { FlowDialog } from './flow-dialog.js';
import { dialogStacks } from './dialog-stack.js';
import { askId, type FlowStart } from './flow-start.js';
import { isQuestion, knowledgeTopicFor } from './knowledge.js';
import { MainDialog, mainDialogId } from './main-dialog.js';
import { wordCount } from './normalise.js';
import { normalise, recogniseChoice } from './recognise.js';
import type { BotServices } from './services.js';
import type { ChoiceSpec, Phrase, Speaker } from './speaker.js';
import type { TriageResult } from './triage.js';
import { markAbandon, turnOf } from './turn.js';

export const newMatterDialogId = 'newMatter';

export interface NewMatterOptions {
  start: FlowStart;
  /** The flow the new matter interrupted: the customer is offered to go back to it. */
  underneath: 'complaint' | 'other';
  /** The interrupted flow's message ids, given back to it when the customer goes back. */
  outerMessageIds: string[];
}

/** What a pending question (the Ask at the top of the stack) was asked with. */
interface PendingQuestion {
  prompt: Phrase;
  choices: ChoiceSpec[];
  freeText: boolean;
  check: AnswerCheck;
  prefer?: string;
  notForMatters: boolean;
}

/** The question the bot is waiting on, if the innermost active dialog is one, with its defaults filled in. */
export function pendingQuestion(dc: DialogContext): PendingQuestion | undefined {
  const options = askedQuestion(dc);
  if (!options?.prompt) return undefined;
  return {
    prompt: options.prompt,
    choices: options.choices ?? [],
    freeText: options.freeText ?? false,
    check: options.check ?? 'any',
    notForMatters: options.notForMatters ?? false,
    ...(options.prefer === undefined ? {} : { prefer: options.prefer }),
  };
}

/**
 * The reply is one of the pending question's choices ("just call me" to "How would you like
 * us to contact you?" is a phone call, not a request for a person).
 */
export function fitsPendingChoice(context: TurnContext, speaker: Speaker, dc: DialogContext, text: string): boolean {
  const pending = pendingQuestion(dc);
  return (
    pending !== undefined &&
    pending.choices.length > 0 &&
    fitsChoices(context, speaker, pending.choices, text, pending.prefer)
  );
}

// Words that, after a first "yes" or "no", show it was the answer followed by more ("yes, my mum", "no we don't").
const answerThenMore =
  /^(?:my|our|we|i|im|i m|she|he|they|there|it|its|thats|that|the|but|and|please|thanks|thank|sir|ok)$/;

/**
 * A reply that picks one of the choices: by its number or words; a short reply by its first
 * word ("yes please"); a longer one when its first word is a choice set off by punctuation or
 * followed by more of an answer ("Yes, my daughter is pregnant"), but not "No one came".
 */
function fitsChoices(
  context: TurnContext,
  speaker: Speaker,
  choices: readonly ChoiceSpec[],
  text: string,
  prefer?: string,
): boolean {
  const specs = choices.map((c) => ({ value: c.value, words: speaker.words(context, c) }));
  const words = text.trim().split(/\s+/);
  if (recogniseChoice(text, specs, words.length <= 3, prefer) !== undefined) return true;
  const first = /^\s*([^\s,.!;:-]+)\s*([,.!;:-])?\s*([^\s,.!;:-]+)?/u.exec(text);
  if (!first?.[1] || recogniseChoice(first[1], specs, false) === undefined) return false;
  return first[2] !== undefined || answerThenMore.test(normalise(first[3] ?? ''));
}

/** How many nested new matters are on the stack: one interruption inside another is enough. */
function depth(dc: DialogContext): number {
  return dialogStacks(dc)
    .flat()
    .filter((i) => i.id === newMatterDialogId).length;
}

/**
 * Whether a message written while a question is pending is a new matter rather than its
 * answer (issue 21 item 2). Triage decides what the message is (`substance`, `kind`,
 * `asksAbout`); a reply that fits the question (one of its choices, or a free-text answer
 * it accepts) is still the answer. Emergencies and requests for a person are handled
 * before this, in every state.
 */
export function isNewMatter(
  context: TurnContext,
  speaker: Speaker,
  dc: DialogContext,
  text: string,
  triage: TriageResult,
  underneath: 'complaint' | 'other' | null,
): boolean {
  if (triage.substance !== 'matter' || depth(dc) > 0) return false;
  const pending = pendingQuestion(dc);
  if (!pending) return false;
  const words = wordCount(text);
  if (pending.choices.length > 0) {
    if (fitsChoices(context, speaker, pending.choices, text, pending.prefer)) return false;
    // Free text beside the choices that passes the question's check ("Skip", or a name).
    if (pending.freeText && pending.check !== 'any' && passes(pending.check, text)) return false;
  } else if (pending.check === 'any' || passes(pending.check, text)) {
    // A question answered in the customer's own words: whatever they write is its answer,
    // unless the question is not about the matter and this names a fault of its own.
    if (!pending.notForMatters || triage.category === 'other' || triage.category === 'communication') return false;
  }
  const question = knowledgeTopicFor(text) !== undefined && isQuestion(text);
  const hazardQuestion = triage.asksAbout.length > 0;
  // Dissatisfaction inside a complaint is most likely more of the same complaint.
  const dissatisfied = (triage.kind !== 'enquiry' || triage.explicitComplaintRequest) && underneath !== 'complaint';
  if (question || hazardQuestion || dissatisfied) return true;
  // A free-text-welcome question ("When did this start?") takes a description as its answer;
  // a closed one (yes or no, a format) cannot, so a request written there is a request.
  const openEnded = pending.freeText && pending.check === 'any';
  return !openEnded && (triage.category !== 'other' || triage.flags.includes('damp_mould') || words >= 8);
}

/**
 * A new matter written while a question was pending: the bot says so, deals with it as it
 * would a first message (its own flow, its own case), then offers to go back to the
 * earlier step; "no" leaves it, as after an emergency.
 */
export class NewMatterDialog extends FlowDialog<NewMatterOptions> {
  constructor(private readonly services: BotServices) {
    super(newMatterDialogId);
    this.addDialog(new MainDialog(services));
    this.addDialog(new Ask(askId, services.speaker));
    this.addDialog(
      new WaterfallDialog<NewMatterOptions>('steps', [
        this.deal.bind(this),
        this.offerBack.bind(this),
        this.back.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private async deal(step: WaterfallStepContext<NewMatterOptions>): Promise<DialogTurnResult> {
    const info = turnOf(step.context);
    info.data.flowMessageIds = info.messageId ? [info.messageId] : [];
    await this.services.speaker.say(step.context, 'interrupt.newMatter');
    return step.beginDialog(mainDialogId, step.options.start);
  }

  private async offerBack(step: WaterfallStepContext<NewMatterOptions>): Promise<DialogTurnResult> {
    const key = step.options.underneath === 'complaint' ? 'interrupt.carryOnComplaint' : 'interrupt.carryOn';
    return step.beginDialog(askId, { prompt: { key }, choices: yesNo });
  }

  private async back(step: WaterfallStepContext<NewMatterOptions>): Promise<DialogTurnResult> {
    const info = turnOf(step.context);
    if ((step.result as Answer).value === 'yes') {
      // The earlier flow gets its own messages back, with the answer that brought the customer back to it.
      info.data.flowMessageIds = [...step.options.outerMessageIds, ...(info.messageId ? [info.messageId] : [])];
      return step.endDialog();
    }
    markAbandon(step.context);
    await this.services.speaker.say(step.context, 'emergency.stopped');
    return step.endDialog();
  }
}
