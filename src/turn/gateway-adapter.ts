import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder-core';
import type { Choice } from '../channel.js';
import type { Conversation } from '../db/rows.js';

/** A reply the bot said during a turn, before it is stored and queued. */
export interface PendingReply {
  text: string;
  choices: Choice[];
  locale?: string;
}

const repliesKey = Symbol('gateway.replies');

/** Replies said so far in this turn. */
export function repliesOf(context: TurnContext): PendingReply[] {
  let replies = context.turnState.get(repliesKey) as PendingReply[] | undefined;
  if (!replies) {
    replies = [];
    context.turnState.set(repliesKey, replies);
  }
  return replies;
}

function choicesOf(activity: Partial<Activity>): Choice[] {
  return (activity.suggestedActions?.actions ?? [])
    .map((a) => ({ title: String(a.title ?? a.value ?? ''), value: String(a.value ?? a.title ?? '') }))
    .filter((c) => c.title !== '' && c.value !== '');
}

/**
 * The one BotAdapter every channel shares. A turn runs on an Activity that is already
 * stored; what the bot says is collected, not sent: the turn processor stores it with
 * the turn's state and queues it, so a crash mid-turn never loses or repeats a reply.
 * Channels differ only in their senders and capabilities (src/channel.ts).
 */
export class GatewayAdapter extends BotAdapter {
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = repliesOf(context);
    return activities.map((activity) => {
      if (activity.type === ActivityTypes.Message || activity.type === undefined) {
        const text = activity.text ?? '';
        const choices = choicesOf(activity);
        if (text !== '' || choices.length > 0) replies.push({ text, choices, locale: activity.locale });
      }
      // typing, delay and trace activities have no meaning on SMS or social channels.
      return { id: `${context.activity.id ?? 'turn'}#${replies.length}` };
    });
  }

  async updateActivity(): Promise<void> {
    throw new Error('updating a sent message is not supported on these channels');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('deleting a sent message is not supported on these channels');
  }

  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    await this.processActivity(activity, logic);
  }

  /** Run middleware and the bot on one activity; returns what the bot said. */
  async processActivity(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<PendingReply[]> {
    const context = new TurnContext(this, activity);
    // botbuilder-dialogs works out its memory scopes and path resolvers (building a service
    // collection for them) on the first DialogContext of every turn, and keeps them in turn
    // state for the rest of it. They hold no state of their own: the first turn's are kept and
    // handed to every later one, which then skips that work.
    if (this.dialogStateConfiguration)
      context.turnState.set(dialogStateConfigurationKey, this.dialogStateConfiguration);
    try {
      await this.runMiddleware(context, logic);
    } finally {
      this.dialogStateConfiguration ??= context.turnState.get(dialogStateConfigurationKey) as object | undefined;
    }
    return repliesOf(context);
  }

  private dialogStateConfiguration: object | undefined;
}

/** The turn-state key botbuilder-dialogs' DialogStateManager keeps its configuration under. */
const dialogStateConfigurationKey = 'DialogStateManagerConfiguration';

const storedConversationKey = Symbol('gateway.storedConversation');

/**
 * The conversation row the turn pipeline read for this turn, as it was when the turn began:
 * the bot need not read it again to learn that its conversation is stored. Absent outside
 * the pipeline (the chat command, dialog tests).
 */
export function setStoredConversation(context: TurnContext, conversation: Conversation): void {
  context.turnState.set(storedConversationKey, conversation);
}

export function storedConversationOf(context: TurnContext): Conversation | undefined {
  return context.turnState.get(storedConversationKey) as Conversation | undefined;
}
