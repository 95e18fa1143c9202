import { z } from 'zod';
import type { Conversation } from '../../src/db/rows.js';

/**
 * WhatsApp's customer-service window: a business may send free-form messages (and reply
 * buttons or lists) only within 24 hours of the customer's last message; after that only
 * an approved template, which Twilio otherwise refuses with 63016
 * (twilio.com/docs/api/errors/63016). The customer's next message opens it again.
 *
 * What the channel remembers about the window lives in the conversation's channel data:
 * when Twilio said it was closed, the messages that went as a template and wait for the
 * customer's reply, and the copies made of refused messages.
 */

export const WINDOW_MS = 24 * 60 * 60 * 1000;
/** A message queued this close to the end goes as if the window had closed, rather than be refused on the way. */
const EDGE_MS = 5 * 60 * 1000;

export const noticeKinds = ['case_update', 'letter_ready', 'survey'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** Channel-data keys (conversations.channel_data). */
export const HELD = 'whatsappHeld';
export const RETRY = 'whatsappRetry';
export const CLOSED_AT = 'whatsappWindowClosedAt';

/**
 * Messages that went as a template, by message id: their own words follow when the
 * customer replies. null once they have.
 */
export const HeldSchema = z.record(
  z.string(),
  z.object({ at: z.string(), template: z.string(), kind: z.enum(noticeKinds) }).nullable(),
);
export type Held = z.infer<typeof HeldSchema>;

/** Copies of messages Twilio refused after accepting them, and why: the copy must not try what failed again. */
export const RetrySchema = z.record(z.string(), z.enum(['window_closed', 'template_refused']));
export type RetryReason = z.infer<typeof RetrySchema>[string];

export function heldOf(channelData: Record<string, unknown> | undefined): Held {
  const parsed = HeldSchema.safeParse(channelData?.[HELD]);
  return parsed.success ? parsed.data : {};
}

export function retryOf(channelData: Record<string, unknown> | undefined, messageId: string): RetryReason | undefined {
  const parsed = RetrySchema.safeParse(channelData?.[RETRY]);
  return parsed.success ? parsed.data[messageId] : undefined;
}

export interface WindowState {
  open: boolean;
  /** When the customer last wrote on WhatsApp, if ever. */
  lastInboundAt: Date | undefined;
}

/** Open while the customer's last message is under 24 hours old and Twilio has not since said otherwise. */
export function windowOf(conversation: Pick<Conversation, 'last_inbound_at' | 'channel_data'>, now: Date): WindowState {
  const lastInboundAt = conversation.last_inbound_at ? new Date(conversation.last_inbound_at) : undefined;
  if (!lastInboundAt) return { open: false, lastInboundAt };
  const closed = z.string().datetime().safeParse(conversation.channel_data[CLOSED_AT]);
  if (closed.success && new Date(closed.data).getTime() >= lastInboundAt.getTime())
    return { open: false, lastInboundAt };
  return { open: now.getTime() - lastInboundAt.getTime() < WINDOW_MS - EDGE_MS, lastInboundAt };
}
