import { z } from 'zod';

/**
 * The channels a customer can write on, as a conversation's `channel_id` holds them. The core
 * names the ones it was built with (SMS and WhatsApp through Twilio, and its own web chat); a
 * channel adds its own ids by merging into this interface and registering them with their
 * capabilities (`registerChannel` in channel.ts), so the core never names a provider it does
 * not carry (issue 14; README "Adding a channel"):
 *
 * ```ts
 * declare module '../../src/channel-id.js' {
 *   interface CustomerChannelIds { telegram: true }
 * }
 * ```
 *
 * Kept apart from `channel.ts` (the channel seam) so the row types in `db/rows.ts` can name a
 * channel without importing the seam that names them.
 */
export interface CustomerChannelIds {
  sms: true;
  whatsapp: true;
  directline: true;
}
export type ChannelId = keyof CustomerChannelIds;

const registered = new Set<string>(['sms', 'whatsapp', 'directline'] satisfies ChannelId[]);

/** Known at run time: the core's own, and each registered channel's. */
export function isChannelId(value: unknown): value is ChannelId {
  return typeof value === 'string' && registered.has(value);
}

/** Every channel id known now, the core's first, then in the order channels registered them. */
export function channelIds(): ChannelId[] {
  return [...registered].filter(isChannelId);
}

/** For `registerChannel` (channel.ts), which records the id with its capabilities. */
export function addChannelId(id: ChannelId): void {
  registered.add(id);
}

export const ChannelIdSchema = z.custom<ChannelId>(isChannelId, { message: 'not a channel this gateway carries' });
