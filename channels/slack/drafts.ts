import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { z } from 'zod';

/** A colleague reads a preview and decides within this; after it they start again. */
const draftSeconds = 3600;

/**
 * What a colleague wrote in a modal, kept while they read its preview. Slack's
 * private_metadata holds 3,000 characters, less than a response's five fields, so the
 * preview's metadata carries only the draft's id. The draft belongs to the colleague who
 * wrote it: another user's submission cannot send it.
 */
export class Drafts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async save(user: string, value: unknown): Promise<string> {
    const id = randomUUID();
    await this.redis.set(this.key(id), JSON.stringify({ user, value }), 'EX', draftSeconds);
    return id;
  }

  /** The draft, if it is still kept and was written by `user`. */
  async load<T extends z.ZodType>(id: string, user: string, schema: T): Promise<z.output<T> | undefined> {
    const raw = await this.redis.get(this.key(id));
    if (!raw) return undefined;
    let stored: { user?: unknown; value?: unknown };
    try {
      stored = JSON.parse(raw) as { user?: unknown; value?: unknown };
    } catch {
      return undefined;
    }
    if (stored.user !== user) return undefined;
    const parsed = schema.safeParse(stored.value);
    return parsed.success ? parsed.data : undefined;
  }

  async drop(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `${this.prefix}draft:${id}`;
  }
}
