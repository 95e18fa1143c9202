import { z } from 'zod';

/**
 * The channels a customer can write on. Kept apart from `channel.ts` (the channel seam) so the
 * row types in `db/rows.ts` can name a channel without importing the seam that names them.
 */
export const channelIds = ['sms', 'whatsapp', 'directline', 'messenger', 'instagram', 'facebook'] as const;
export const ChannelIdSchema = z.enum(channelIds);
export type ChannelId = z.infer<typeof ChannelIdSchema>;
