import type { Redis } from 'ioredis';

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets; what a 429's Retry-After says. */
  retryAfterSeconds: number;
}

/**
 * A fixed window counted in Redis, so every web process shares one count per key.
 * Coarse on purpose: it only has to stop one address minting tokens in bulk.
 */
export async function hitRateLimit(
  redis: Redis,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitDecision> {
  const replies = await redis.multi().set(key, '0', 'EX', windowSeconds, 'NX').incr(key).ttl(key).exec();
  const count = Number(replies?.[1]?.[1] ?? 0);
  const ttl = Number(replies?.[2]?.[1] ?? windowSeconds);
  return { allowed: count <= limit, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
}
