import type { TurnContext } from 'botbuilder-core';
import { capabilitiesOf, ChannelIdSchema, type ChannelCapabilities, type ChannelId } from '../src/channel.js';
import type { ConversationData } from './conversation-data.js';

/** What every dialog needs to know about the turn in hand, set once by the bot before any dialog runs. */
export interface TurnInfo {
  data: ConversationData;
  channelId: ChannelId;
  caps: ChannelCapabilities;
  /** Our conversation row (the turn pipeline's activity carries its id); null when running outside it. */
  conversationId: string | null;
  /** The stored inbound message this turn runs on; null outside the pipeline. */
  messageId: string | null;
  /** When the turn began, from the bot's clock. */
  now: Date;
}

const turnInfoKey = Symbol('dialogs.turnInfo');

export function setTurnInfo(context: TurnContext, info: TurnInfo): void {
  context.turnState.set(turnInfoKey, info);
}

export function turnOf(context: TurnContext): TurnInfo {
  const info = context.turnState.get(turnInfoKey) as TurnInfo | undefined;
  if (!info) throw new Error('turn info is set by the bot before any dialog runs');
  return info;
}

/** An unknown channel id (a test adapter's 'test') is treated like web chat: private, with buttons. */
export function channelOf(channelId: string | undefined): { channelId: ChannelId; caps: ChannelCapabilities } {
  const parsed = ChannelIdSchema.safeParse(channelId);
  const id: ChannelId = parsed.success ? parsed.data : 'directline';
  return { channelId: id, caps: capabilitiesOf(id) };
}

const abandonKey = Symbol('dialogs.abandon');

/** The customer chose to stop the flow that was under an interruption (e.g. after an emergency). */
export function markAbandon(context: TurnContext): void {
  context.turnState.set(abandonKey, true);
}

export function isAbandoned(context: TurnContext): boolean {
  return context.turnState.get(abandonKey) === true;
}
