import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/logger.js';

const cacheMs = 10 * 60_000;

/**
 * Whether a channel is private, as Slack says (conversations.info `is_private`; scopes
 * channels:read and groups:read). A case card shows the customer's name, contact details
 * and address only where this is true (UK GDPR Art. 5(1)(f): personal data kept to those
 * who need it): Slack's own answer, rather than a setting that could drift from it. A
 * channel Slack will not describe, or a `#name` not yet seen posted to, counts as public.
 */
export class ChannelPrivacy {
  private readonly known = new Map<string, { isPrivate: boolean; until: number }>();
  /** `#name` → id, learned from chat.postMessage answers (conversations.info takes only ids). */
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Slack answered a post to `channel` (an id or #name) from channel `id`. */
  learn(channel: string, id: string): void {
    if (channel.startsWith('#')) this.ids.set(channel, id);
  }

  async isPrivate(channel: string): Promise<boolean> {
    const id = channel.startsWith('#') ? this.ids.get(channel) : channel;
    if (!id || !/^[CG][A-Z0-9]+$/.test(id)) return false;
    const cached = this.known.get(id);
    if (cached && cached.until > this.now()) return cached.isPrivate;
    let isPrivate = false;
    try {
      isPrivate = (await this.client.conversations.info({ channel: id })).channel?.is_private === true;
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'slack: could not tell whether a channel is private (channels:read, groups:read scopes?); personal details hidden there',
      );
    }
    this.known.set(id, { isPrivate, until: this.now() + cacheMs });
    return isPrivate;
  }
}
