import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisScript } from '../redis-script.js';

const release = new RedisScript(
  `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`,
);
const extend = new RedisScript(
  `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`,
);

/**
 * One worker at a time per conversation, across processes. The lock expires on its own
 * when its holder dies (SIGKILL), so the stalled job's retry on another worker can take it.
 * While held, it is renewed so a slow turn does not lose it.
 *
 * Letting go: a lock set or renewed less than half its life ago cannot have expired (Redis
 * counts its life from when it received the command, after we noted the time), so it is
 * still ours and a plain DEL frees it; an older one is freed only if it still holds our token
 * (a script). A turn takes milliseconds, so it is nearly always the DEL: one command, not
 * three (issue 18).
 */
export async function withConversationLock<T>(
  redis: Redis,
  key: string,
  ttlMs: number,
  fn: () => Promise<T>,
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const token = randomUUID();
  let confirmedAt = performance.now();
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return { acquired: false };
  const timer = setInterval(
    () => {
      const sentAt = performance.now();
      extend
        .run(redis, [key], [token, ttlMs])
        .then((renewed) => {
          if (renewed === 1) confirmedAt = sentAt;
        })
        .catch(() => undefined);
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  try {
    return { acquired: true, value: await fn() };
  } finally {
    clearInterval(timer);
    const ours = performance.now() - confirmedAt < ttlMs / 2;
    await (ours ? redis.del(key) : release.run(redis, [key], [token])).catch(() => undefined);
  }
}
