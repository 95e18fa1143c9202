import './ids.js';
import { z } from 'zod';
import type { InboundMessage } from '../../src/channel.js';
import { storableText } from '../../src/storable-text.js';
import { encodePublicItem } from './public-ids.js';

/**
 * Meta's webhook payloads, parsed with zod. The envelope must be right or the request is
 * refused (400); an event inside it we cannot read is skipped, since answering 400 would
 * make Meta resend the whole batch, good events included, until it disables the webhook.
 */

/** An id Meta gave: printable, so a NUL or a control character in one makes the event unreadable (skipped). */
const Id = z
  .string()
  .min(1)
  .max(150)
  .regex(/^[^\u0000-\u001f\u007f]+$/u);
/** What a person wrote, as PostgreSQL can hold it (src/storable-text.ts). */
const Text = z.string().max(20_000).overwrite(storableText);
/** A display name (a commenter's name or username), as PostgreSQL can hold it. */
const Name = z.string().max(200).overwrite(storableText);

export const EnvelopeSchema = z.object({
  object: z.string().min(1).max(50),
  entry: z
    .array(
      z.looseObject({
        id: Id,
        // Unused, and never a reason to refuse the events inside (1e999 parses as Infinity).
        time: z.unknown().optional(),
        messaging: z.array(z.unknown()).max(1000).optional(),
        changes: z.array(z.unknown()).max(1000).optional(),
      }),
    )
    .max(1000),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

const AttachmentSchema = z.looseObject({
  type: z.string().max(50),
  payload: z.looseObject({ url: z.string().max(4000).optional() }).nullish(),
});

export const MessagingEventSchema = z.looseObject({
  sender: z.looseObject({ id: Id }),
  recipient: z.looseObject({ id: Id }),
  timestamp: z.number().optional(),
  message: z
    .looseObject({
      mid: Id.max(400),
      text: Text.optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.looseObject({ payload: z.string().max(1000).overwrite(storableText) }).optional(),
      attachments: z.array(AttachmentSchema).max(20).optional(),
    })
    .optional(),
  postback: z
    .looseObject({
      mid: Id.max(400).optional(),
      payload: z.string().max(1000).overwrite(storableText).optional(),
      title: z.string().max(1000).overwrite(storableText).optional(),
    })
    .optional(),
  delivery: z.looseObject({ mids: z.array(Id.max(400)).max(1000).optional() }).optional(),
});
export type MessagingEvent = z.infer<typeof MessagingEventSchema>;

const ChangeSchema = z.object({ field: z.string().max(50), value: z.unknown() });

export const FeedValueSchema = z.looseObject({
  item: z.string().max(50),
  verb: z.string().max(50),
  comment_id: Id.optional(),
  post_id: Id.optional(),
  parent_id: Id.optional(),
  from: z.looseObject({ id: Id, name: Name.optional() }).optional(),
  message: Text.optional(),
  created_time: z.number().optional(),
});

export const InstagramCommentSchema = z.looseObject({
  id: Id,
  text: Text.optional(),
  from: z.looseObject({ id: Id, username: Name.optional() }),
  media: z.looseObject({ id: Id }).optional(),
  parent_id: Id.optional(),
});

/** What one webhook request asks of us, decided before anything is stored. */
export interface WebhookWork {
  messages: InboundMessage[];
  /** Our messages Meta says were delivered (Messenger delivery receipts). */
  delivered: { channelId: 'messenger' | 'instagram'; mid: string }[];
  /** Why events were passed over (echoes, our own comments, edits), for the log. */
  ignored: string[];
}

const UrlSchema = z.string().url();

/** Meta's own epoch: nothing was sent through it before Facebook existed (4 February 2004). */
const EARLIEST_MS = Date.UTC(2004, 1, 4);
/** Clocks differ a little; a day ahead is not a clock, it is a bad value. */
const LATEST_AHEAD_MS = 24 * 3600 * 1000;

/**
 * When an event happened, from Meta's milliseconds (Messenger's `timestamp`) or seconds (a
 * feed change's `created_time`); `now` when there is none. Undefined for a time no message
 * can have (1e300, negative, before Facebook, more than a day ahead): that event is
 * skipped, and the rest of the delivery is stored.
 */
export function eventTime(value: number | undefined, unitMs: 1 | 1000, now: Date): string | undefined {
  if (value === undefined) return now.toISOString();
  const ms = value * unitMs;
  if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > now.getTime() + LATEST_AHEAD_MS) return undefined;
  return new Date(Math.floor(ms)).toISOString();
}

function dmChannel(object: string): 'messenger' | 'instagram' {
  return object === 'instagram' ? 'instagram' : 'messenger';
}

/** Turns a verified envelope into inbound messages and receipts; nothing personal goes in `ignored`. */
export function readEnvelope(envelope: Envelope, options: { ownIds: ReadonlySet<string>; now: Date }): WebhookWork {
  const work: WebhookWork = { messages: [], delivered: [], ignored: [] };
  if (envelope.object !== 'page' && envelope.object !== 'instagram') {
    work.ignored.push(`object:${envelope.object}`);
    return work;
  }
  const channelId = dmChannel(envelope.object);
  for (const entry of envelope.entry) {
    const own = (id: string) => id === entry.id || options.ownIds.has(id);
    for (const raw of entry.messaging ?? []) readMessaging(raw, channelId, options.now, work);
    for (const raw of entry.changes ?? []) {
      const change = ChangeSchema.safeParse(raw);
      if (!change.success) {
        work.ignored.push('change:unreadable');
        continue;
      }
      if (envelope.object === 'page' && change.data.field === 'feed')
        readFeed(change.data.value, entry.id, own, options.now, work);
      else if (envelope.object === 'instagram' && change.data.field === 'comments')
        readInstagramComment(change.data.value, entry.id, own, options.now, work);
      else work.ignored.push(`field:${change.data.field}`);
    }
  }
  return work;
}

function readMessaging(raw: unknown, channelId: 'messenger' | 'instagram', now: Date, work: WebhookWork): void {
  const parsed = MessagingEventSchema.safeParse(raw);
  if (!parsed.success) {
    work.ignored.push('messaging:unreadable');
    return;
  }
  const event = parsed.data;
  if (event.delivery) {
    for (const mid of event.delivery.mids ?? []) work.delivered.push({ channelId, mid });
    return;
  }
  if (event.message) {
    // Our own sends come back as echoes: answering them would talk to ourselves.
    if (event.message.is_echo) {
      work.ignored.push('messaging:echo');
      return;
    }
    const media = (event.message.attachments ?? []).flatMap((a) => {
      const url = UrlSchema.safeParse(a.payload?.url);
      return url.success ? [{ url: url.data, contentType: a.type }] : [];
    });
    const receivedAt = eventTime(event.timestamp, 1, now);
    if (receivedAt === undefined) {
      work.ignored.push('messaging:impossible-time');
      return;
    }
    // A quick reply's payload is the choice's value: the dialogs read it as the answer.
    const text = event.message.quick_reply?.payload ?? event.message.text ?? '';
    if (text === '' && media.length === 0) {
      work.ignored.push('messaging:empty');
      return;
    }
    work.messages.push({
      channelId,
      providerMessageId: event.message.mid,
      from: event.sender.id,
      to: event.recipient.id,
      text,
      media,
      receivedAt,
    });
    return;
  }
  if (event.postback) {
    const text = event.postback.payload ?? event.postback.title ?? '';
    if (text === '') return;
    const receivedAt = eventTime(event.timestamp, 1, now);
    if (receivedAt === undefined) {
      work.ignored.push('messaging:impossible-time');
      return;
    }
    const id = event.postback.mid ?? `postback-${event.sender.id}-${Date.parse(receivedAt)}`;
    work.messages.push({
      channelId,
      providerMessageId: id,
      from: event.sender.id,
      to: event.recipient.id,
      text,
      media: [],
      receivedAt,
    });
    return;
  }
  work.ignored.push('messaging:other');
}

function readFeed(raw: unknown, pageId: string, own: (id: string) => boolean, now: Date, work: WebhookWork): void {
  const parsed = FeedValueSchema.safeParse(raw);
  if (!parsed.success) {
    work.ignored.push('feed:unreadable');
    return;
  }
  const value = parsed.data;
  const isComment = value.item === 'comment';
  const isPost = ['post', 'status', 'photo', 'video'].includes(value.item);
  if (!isComment && !isPost) {
    work.ignored.push(`feed:${value.item}`);
    return;
  }
  // Edits and removals never get a second reply: we answered (or not) when it was added.
  if (value.verb !== 'add') {
    work.ignored.push(`feed:${value.item}:${value.verb}`);
    return;
  }
  if (!value.from || own(value.from.id)) {
    work.ignored.push('feed:own');
    return;
  }
  const id = isComment ? value.comment_id : value.post_id;
  if (!id) {
    work.ignored.push('feed:no-id');
    return;
  }
  const receivedAt = eventTime(value.created_time, 1000, now);
  if (receivedAt === undefined) {
    work.ignored.push('feed:impossible-time');
    return;
  }
  work.messages.push({
    channelId: 'facebook',
    providerMessageId: encodePublicItem({ surface: 'page', kind: isComment ? 'comment' : 'post', id }),
    from: value.from.id,
    to: pageId,
    text: value.message ?? '',
    ...(value.from.name ? { name: value.from.name } : {}),
    media: [],
    receivedAt,
  });
}

function readInstagramComment(
  raw: unknown,
  accountId: string,
  own: (id: string) => boolean,
  now: Date,
  work: WebhookWork,
): void {
  const parsed = InstagramCommentSchema.safeParse(raw);
  if (!parsed.success) {
    work.ignored.push('comments:unreadable');
    return;
  }
  const value = parsed.data;
  if (own(value.from.id)) {
    work.ignored.push('comments:own');
    return;
  }
  work.messages.push({
    channelId: 'facebook',
    providerMessageId: encodePublicItem({ surface: 'instagram', kind: 'comment', id: value.id }),
    from: value.from.id,
    to: accountId,
    text: value.text ?? '',
    ...(value.from.username ? { name: value.from.username } : {}),
    media: [],
    receivedAt: now.toISOString(),
  });
}
