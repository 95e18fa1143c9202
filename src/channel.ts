import type { Router } from 'express';
import type { LaneHandler, WebhookLane } from './http/webhook-lane.js';
import { z } from 'zod';
import type { Conversation, Message } from './db/rows.js';
import { addChannelId, ChannelIdSchema, type ChannelId } from './channel-id.js';
import { storableJson, storableText } from './storable-text.js';

/**
 * The seam between a customer channel (channels/<name>/) and the core.
 *
 * A channel maps its provider's payload onto an Activity at the edge, hands it to
 * the Intake (which stores it durably and enqueues it, idempotent on the provider's
 * message id) and sends outbound messages that the outbound queue gives it. Nothing
 * past the edge knows which provider a message came from except through `channelId`
 * and the channel's capabilities.
 */

export { channelIds, ChannelIdSchema, isChannelId, type ChannelId } from './channel-id.js';

/** How a channel can present the bot's words. */
export interface ChannelCapabilities {
  /** Longest text the provider accepts in one message (the sender splits beyond it). */
  maxTextLength: number;
  /** How choices are shown: numbered lines (SMS), quick replies (Messenger) or buttons (web chat). */
  choices: 'numbered' | 'quick_replies' | 'buttons';
  /** A public surface (a Page comment): never put personal details here. */
  isPublic: boolean;
  /**
   * The channel's own wording, as the i18n context of a string (`key_sms`, `key_whatsapp`):
   * "Text AGENT" on SMS, "Message AGENT" on WhatsApp. A string with no variant of its own
   * falls back to the plain wording. None: the plain wording.
   */
  wording?: 'sms' | 'whatsapp';
}

/** A suggested action shown as a button/quick reply, or as a numbered line on SMS. */
export const ChoiceSchema = z.object({ title: z.string().min(1), value: z.string().min(1) });
export type Choice = z.infer<typeof ChoiceSchema>;

/**
 * Text as PostgreSQL can hold it (src/storable-text.ts): channels clean what they store at
 * their edge, and this schema, the one door into the intake, cleans again, so one NUL
 * never fails a message, or the others written with it.
 */
const StorableString = () => z.string().overwrite(storableText);

/** A customer's message as it arrives, already verified and parsed by the channel. */
export const InboundMessageSchema = z.object({
  channelId: ChannelIdSchema,
  /** The provider's own id for this message (Twilio MessageSid, Meta mid/comment id, Direct Line activity id). */
  providerMessageId: StorableString().min(1).max(200),
  /** The customer's address on that channel: E.164 number, Page-scoped id, Direct Line conversation id. */
  from: StorableString().min(1).max(200),
  /** Our side: the Twilio number, the Page id, the bot id. */
  to: StorableString().min(1).max(200),
  /** What the customer wrote. May be empty when only media was sent. */
  text: StorableString().max(20_000),
  /** Display name the provider gives, when it gives one. */
  name: StorableString().max(200).optional(),
  /** Media (MMS, Messenger attachments) kept on the message. */
  media: z
    .array(z.object({ url: StorableString().url(), contentType: StorableString().optional() }))
    .max(20)
    .default([]),
  /** Locale the client asked for (web chat language selector). */
  locale: StorableString().max(20).optional(),
  /**
   * 'join': not the customer's words but their chat client opening the conversation (Web
   * Chat's `webchat/join`, a `conversationUpdate`): it runs a turn so the bot can greet, and
   * is stored marked so it is never taken for something the customer said. Absent: 'message'.
   */
  kind: z.enum(['message', 'join']).optional(),
  /** Channel-specific facts the channel wants back when it replies (e.g. comment_id). Never provider payloads. */
  channelData: z.record(z.string(), z.unknown()).overwrite(storableJson).optional(),
  receivedAt: z.string().datetime(),
});
export type InboundMessage = z.input<typeof InboundMessageSchema>;
export type ParsedInboundMessage = z.output<typeof InboundMessageSchema>;

/** Where the core hands inbound messages. Stores durably, then enqueues; safe to call twice. */
export interface Intake {
  accept(message: InboundMessage): Promise<{ messageId: string; duplicate: boolean }>;
}

/** One outbound message as the outbound queue gives it to a channel's sender. */
export const OutboundMessageSchema = z.object({
  /** Our message row id (messages.id). */
  messageId: z.string().uuid(),
  conversationId: z.string().uuid(),
  channelId: ChannelIdSchema,
  /** The customer's address on the channel. */
  to: z.string().min(1),
  /** Our side, as the inbound message gave it. */
  from: z.string().min(1),
  text: z.string(),
  choices: z.array(ChoiceSchema).default([]),
  /** Sent by a person (Slack relay) rather than the bot: Meta needs the HUMAN_AGENT tag outside 24h. */
  fromHuman: z.boolean().default(false),
  channelData: z.record(z.string(), z.unknown()).optional(),
});
export type OutboundMessage = z.output<typeof OutboundMessageSchema>;

export interface SendResult {
  /** The provider's id for what was sent (several when the text was split). */
  providerMessageIds: string[];
}

/** A POST a channel answers from the webhook lane: its exact path (any query string), its handler, its body limit. */
export interface LaneRoute {
  path: string;
  handler: LaneHandler;
  limitBytes: number;
}

/** Put a channel's routes where they go: its express routes on `router`, its lane routes on the lane. */
export function mountChannel(
  channel: ChannelAdapter,
  intake: Intake,
  http: { router: Router; lane: Pick<WebhookLane, 'post'> },
): void {
  channel.mount(http.router, intake);
  for (const route of channel.laneRoutes?.(intake) ?? [])
    http.lane.post(route.path, route.handler, { limitBytes: route.limitBytes });
}

/** A channel: its routes, its capabilities, and how it sends. */
export interface ChannelAdapter {
  readonly channelIds: readonly ChannelId[];
  capabilities(channelId: ChannelId): ChannelCapabilities;
  /** Mount webhook routes on `router` (express). Verify, size-limit and parse before calling intake.accept. */
  mount(router: Router, intake: Intake): void;
  /**
   * Optional: webhooks that arrive in storms, answered from node:http ahead of express
   * (src/http/webhook-lane.ts). The same duties as `mount`: verify, size-limit, parse.
   */
  laneRoutes?(intake: Intake): readonly LaneRoute[];
  /** Send one message. Throw TransientSendError to retry, PermanentSendError to give up. */
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * Optional: send several messages of one conversation, in order, as one step: every one
   * of them or none (throw as `send` does). A message already sent (the same id) is not sent
   * again and keeps its first place; its result is the first one's. The sender uses it for a
   * turn's replies without the send lock (docs/rules/turn-pipeline.md#batched-appends).
   * Results are in the messages' order.
   */
  sendMany?(messages: readonly OutboundMessage[]): Promise<SendResult[]>;
  /**
   * Optional: runs before the bot for each stored inbound message of a conversation on
   * one of this channel's ids (the composition root calls it from the TurnProcessor's
   * `preempt` hook). Return true when the channel fully handled the message and the
   * dialogs must not see it: SMS STOP/START/HELP, or a public Page comment that is
   * answered in public and privately rather than run through the dialogs in public.
   * Throwing makes the turn retry, like any other turn failure.
   */
  beforeTurn?(input: { conversation: Conversation; message: Message }): Promise<boolean>;
  /**
   * Optional: shows the customer that the bot is writing (Direct Line's typing activity)
   * from now until the returned function is called. The composition root calls it while a
   * turn runs. Best effort: it never throws, and a lost signal costs nothing.
   */
  typing?(address: string): () => void;
}

/**
 * What each channel can show, for code that must not import channels/ (the dialogs
 * choose numbered choices on SMS, buttons elsewhere, and nothing personal in public). The
 * core's own channels are here; any other registers its own (`registerChannel`).
 */
const capabilities = new Map<ChannelId, ChannelCapabilities>([
  // GSM-7 concatenated SMS: we keep bot messages within a few segments (docs/rules/channels.md#sms-segments).
  ['sms', { maxTextLength: 1530, choices: 'numbered', isPublic: false, wording: 'sms' }],
  // Twilio's body limit for WhatsApp (no segments). Choices go as reply buttons or a list
  // (Twilio's Content API), numbered text where those cannot carry them (channels/twilio/whatsapp.ts).
  ['whatsapp', { maxTextLength: 1600, choices: 'quick_replies', isPublic: false, wording: 'whatsapp' }],
  ['directline', { maxTextLength: 4000, choices: 'buttons', isPublic: false }],
]);

/**
 * A channel the core was not built with makes its ids known, with what each can show: at
 * import of the channel's ids module (e.g. channels/meta/ids.ts), before any conversation on it
 * is read. Registering an id twice with different capabilities is a mistake.
 */
export function registerChannel(id: ChannelId, can: ChannelCapabilities): void {
  const known = capabilities.get(id);
  if (known && JSON.stringify(known) !== JSON.stringify(can))
    throw new TypeError(`channel ${id} registered twice with different capabilities`);
  capabilities.set(id, can);
  addChannelId(id);
}

/** What a channel can show. Throws for an id no channel registered: a conversation the gateway cannot carry. */
export function capabilitiesOf(id: ChannelId): ChannelCapabilities {
  const can = capabilities.get(id);
  if (!can) throw new TypeError(`no channel registered for ${id}`);
  return can;
}
