import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { resolveRedis } from '../../src/redis.js';

describe('finding Redis for npm start', () => {
  it('starts a child redis-server with append-only persistence when nothing answers locally', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-redis-'));
    // A port nothing listens on stands in for "no Redis on 6379".
    const resolved = await resolveRedis({
      dataDir,
      logger: createLogger({ level: 'silent' }),
      localUrl: 'redis://127.0.0.1:1',
    });
    try {
      expect(resolved.source).toBe('child');
      const client = new Redis(resolved.url);
      await client.set('survives', 'a restart');
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      client.disconnect();
      expect(existsSync(join(dataDir, 'redis'))).toBe(true);
    } finally {
      await resolved.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(resolved.child?.exitCode ?? resolved.child?.signalCode).not.toBeNull();
  });

  it('prefers REDIS_URL, then a local Redis', async () => {
    const logger = createLogger({ level: 'silent' });
    expect((await resolveRedis({ url: 'redis://example:6379', dataDir: '', logger })).source).toBe('REDIS_URL');
    expect((await resolveRedis({ dataDir: '', logger })).source).toBe('local');
  });
});
