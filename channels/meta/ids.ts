import { registerChannel } from '../../src/channel.js';

declare module '../../src/channel-id.js' {
  /** Meta's channels, as a conversation's channel_id holds them (src/channel-id.ts). */
  interface CustomerChannelIds {
    messenger: true;
    instagram: true;
    /** Every public surface: Page comments and visitor posts, Instagram comments. */
    facebook: true;
  }
}

// Registered on import, before any conversation on them is read: channels/meta/index.ts imports
// this, and so does anything that reads Meta's conversations without the channel (test harnesses).
registerChannel('messenger', { maxTextLength: 2000, choices: 'quick_replies', isPublic: false });
registerChannel('instagram', { maxTextLength: 1000, choices: 'quick_replies', isPublic: false });
// A public Page comment or post: short, and nothing personal (docs/rules/channels.md#public-comments).
registerChannel('facebook', { maxTextLength: 8000, choices: 'numbered', isPublic: true, wording: 'sms' });

export const metaChannelIds = ['messenger', 'instagram', 'facebook'] as const;
