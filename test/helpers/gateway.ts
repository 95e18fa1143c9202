import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type Gateway, type GatewayOptions, type Role } from '../../app/gateway.js';
import { loadGatewayConfig } from '../../app/config.js';
import { pgliteTemplate } from './db.js';
import { deletePrefix, redisUrl, testRedis, uniquePrefix } from './redis.js';

export interface TestGateway extends Gateway {
  prefix: string;
  stop(): Promise<void>;
}

/**
 * The real gateway (every role, real Redis, in-memory PGlite unless a DATABASE_URL is
 * given) on a free port, isolated by a Redis prefix and a temporary DATA_DIR.
 */
export async function startTestGateway(
  env: Record<string, string> = {},
  options: {
    role?: Role;
    databaseSchema?: string;
    prefix?: string;
    /** Recovery sweep and shutdown bounds (the fault tests shorten them). */
    timings?: Pick<GatewayOptions, 'recoverySweepMs' | 'recoveryGraceMs' | 'drainMs' | 'shutdownTimeoutMs'>;
  } = {},
): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gw-test-'));
  const prefix = options.prefix ?? uniquePrefix('gw');
  const config = loadGatewayConfig({
    PORT: '0',
    DATABASE_URL: 'memory:',
    REDIS_URL: redisUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const gateway = await startGateway({
    config,
    role: options.role ?? 'all',
    redisPrefix: prefix,
    databaseSchema: options.databaseSchema,
    pgliteTemplate: config.DATABASE_URL === 'memory:' ? await pgliteTemplate() : undefined,
    worker: { busyDelayMs: 10, stalledInterval: 1_000, lockDuration: 5_000 },
    // Tests stop gateways often: no load balancer to wait for unless a test asks.
    drainMs: 0,
    // A letter's email and its notice find each other within milliseconds here.
    letterWaitMs: 2_000,
    ...options.timings,
  });
  return Object.assign(gateway, {
    prefix,
    async stop() {
      await gateway.close();
      const redis = testRedis();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
