import { z } from 'zod';
import { storableText } from '../../src/storable-text.js';

/** The bot's id in every conversation; a customer may not post as it. */
export const botId = 'bot';

/** Longest customer message we take; well inside the 64 kB body limit even in Arabic or Bengali. */
export const maxInboundTextLength = 10_000;

const localeTag = z
  .string()
  .max(20)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'locale must be a BCP 47 tag');

/** A string a client wrote, as PostgreSQL can hold it: no NUL, no lone surrogate (src/storable-text.ts). */
const Written = () => z.string().overwrite(storableText);

/**
 * What a client may post to `/conversations/{id}/activities`. Unknown fields are dropped:
 * only what is listed here is ever stored or shown back to anyone.
 */
export const InboundActivitySchema = z.object({
  type: z.string().min(1).max(64),
  from: z
    .object({
      id: Written().min(1).max(100).optional(),
      name: Written().max(100).optional(),
    })
    .optional(),
  text: Written().max(maxInboundTextLength).optional(),
  locale: localeTag.optional(),
  /** Set by buttons (messageBack/postBack); only a string value is kept. Web Chat's join event puts `{language}` here. */
  value: z
    .unknown()
    .transform((v) => (typeof v === 'string' ? storableText(v) : v))
    .optional(),
  /** An event's name: Web Chat's `webchat/join` asks the bot to greet. */
  name: Written().max(200).optional(),
  /** A conversationUpdate's new members: a client announcing its user asks the bot to greet. */
  membersAdded: z
    .array(z.object({ id: z.string().max(100).optional() }))
    .max(20)
    .optional(),
  channelData: z
    .object({
      /** Web Chat matches its optimistic bubble with the echo by this id; we also use it to make retries idempotent. */
      clientActivityID: Written().min(1).max(100).optional(),
    })
    .optional(),
});
export type InboundActivity = z.infer<typeof InboundActivitySchema>;

/** An activity as stored in history and sent to clients (the Direct Line 3.0 shape). */
export const StoredActivitySchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
});

export interface CardAction {
  type: 'imBack';
  title: string;
  value: string;
}

/** An attachment as Direct Line shows it: the file's link, its type and the name the device gave. */
export interface DirectLineAttachment {
  contentType: string;
  contentUrl: string;
  name?: string;
  thumbnailUrl?: string;
}

export interface DirectLineActivity {
  id: string;
  type: string;
  timestamp: string;
  channelId: 'directline';
  conversation: { id: string };
  from: { id: string; name?: string; role: 'user' | 'bot' };
  text?: string;
  /** An event's name (a client's `webchat/join`, echoed back to it). */
  name?: string;
  /**
   * How to read `text`: 'plain' (line breaks are line breaks; Web Chat shows each line as
   * its own paragraph), or 'markdown' when the bot's words carry a link (see text-format.ts).
   */
  textFormat?: 'plain' | 'markdown';
  attachments?: DirectLineAttachment[];
  locale?: string;
  value?: string;
  suggestedActions?: { actions: CardAction[] };
  channelData?: { clientActivityID?: string; fromHuman?: boolean };
}

/** A stored activity before the store gives it its id. */
export type NewActivity = Omit<DirectLineActivity, 'id'>;

/**
 * A client opening the conversation, which the bot answers with its greeting: Web Chat's
 * `webchat/join` event, or a `conversationUpdate` that adds someone other than the bot.
 */
export function isJoin(activity: InboundActivity): boolean {
  if (activity.type === 'event') return activity.name === 'webchat/join';
  if (activity.type === 'conversationUpdate') return (activity.membersAdded ?? []).some((m) => m.id !== botId);
  return false;
}

/** The locale a join asks for: the activity's own, or the `{language}` Web Chat's sample puts in its value. */
export function joinLocale(activity: InboundActivity): string | undefined {
  if (activity.locale !== undefined) return activity.locale;
  const language = z.object({ language: localeTag }).safeParse(activity.value);
  return language.success ? language.data.language : undefined;
}

/** The customer's words: the text, or a button's string value when a client sent no text. */
export function customerText(activity: InboundActivity): string | undefined {
  if (activity.text !== undefined && activity.text.trim() !== '') return activity.text;
  if (typeof activity.value === 'string' && activity.value.trim() !== '') {
    return activity.value.slice(0, maxInboundTextLength);
  }
  return undefined;
}

export function toStoredUserActivity(
  activity: InboundActivity,
  conversationId: string,
  text: string | undefined,
  now: Date,
): NewActivity {
  const fromId = activity.from?.id;
  const stored: NewActivity = {
    type: activity.type,
    timestamp: now.toISOString(),
    channelId: 'directline',
    conversation: { id: conversationId },
    // Role is ours to set, and the bot's id is reserved, so a transcript never shows a customer's words as the bot's.
    from: { id: fromId !== undefined && fromId !== botId ? fromId : 'user', role: 'user' },
    // What a customer types is never read as Markdown: "*" and "_" stay what they typed.
    textFormat: 'plain',
  };
  if (activity.from?.name !== undefined) stored.from.name = activity.from.name;
  if (text !== undefined) stored.text = text;
  if (activity.locale !== undefined) stored.locale = activity.locale;
  if (typeof activity.value === 'string') stored.value = activity.value.slice(0, 1000);
  const clientActivityID = activity.channelData?.clientActivityID;
  if (clientActivityID !== undefined) stored.channelData = { clientActivityID };
  return stored;
}
