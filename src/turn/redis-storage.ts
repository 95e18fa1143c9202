import type { Storage, StoreItems } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { RedisScript } from '../redis-script.js';

/**
 * Compare-and-set in one round trip: write when the caller's eTag matches the stored
 * one (or is '*' / absent, as botbuilder's MemoryStorage allows), else report the conflict.
 */
const writeScript = new RedisScript(`
local current = redis.call('get', KEYS[1])
local expected = ARGV[1]
if expected == '__new__' then
  if current then return 0 end
elseif current and expected ~= '' and expected ~= '*' then
  local stored = cjson.decode(current)
  if stored['eTag'] ~= expected then return 0 end
end
redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`);

/** The eTag to write with when the item was absent at read time: the write fails if someone created it since. */
export const newItemETag = '__new__';

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: eTag conflict writing "${key}"`);
  }
}

export interface RedisStorageOptions {
  prefix?: string;
  /** Conversation state is dropped after this long idle. @defaultValue 30 days */
  ttlMs?: number;
}

/**
 * botbuilder's Storage on Redis with eTag concurrency: two workers can never
 * overwrite each other's conversation state; the loser gets ETagConflictError and
 * its turn is run again from fresh state.
 */
export class RedisStorage implements Storage {
  private readonly prefix: string;
  private readonly ttlMs: number;
  private counter = 0;

  constructor(
    private readonly redis: Redis,
    options: RedisStorageOptions = {},
  ) {
    this.prefix = options.prefix ?? 'gw:state:';
    this.ttlMs = options.ttlMs ?? 30 * 86_400_000;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const values = await this.redis.mget(keys.map((k) => this.prefix + k));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const raw = values[i];
      if (raw) items[key] = JSON.parse(raw) as Record<string, unknown>;
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const value = (item ?? {}) as Record<string, unknown>;
      const expected = typeof value.eTag === 'string' ? value.eTag : '';
      const eTag = `${Date.now().toString(36)}.${(this.counter++).toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
      const stored = JSON.stringify({ ...value, eTag });
      const ok = await writeScript.run(this.redis, [this.prefix + key], [expected, stored, this.ttlMs]);
      if (ok !== 1) throw new ETagConflictError(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map((k) => this.prefix + k));
  }
}
