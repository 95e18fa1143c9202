import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from './errors.js';
import type { Logger } from './logger.js';

/** BullMQ workers block on Redis; they need maxRetriesPerRequest null to wait out a restart. */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/**
 * For requests a person or a provider is waiting on: while Redis is away a command fails
 * at once (no offline queue), a command in flight when the connection drops fails rather
 * than being replayed, and a Redis that stops answering (a black-holed network) fails a
 * command after 8 seconds, inside Twilio's 15. The caller answers 503 and the provider
 * retries. (Not shorter: the clock runs while the event loop is busy, e.g. training the
 * triage model at start-up, and a healthy Redis must not be taken for a dead one.)
 */
export const requestRedisOptions: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 8_000,
  connectTimeout: 5_000,
  // Keep reconnecting, never give up: 100 ms, 200 ms, … up to 2 s between tries.
  retryStrategy: (times) => Math.min(times * 100, 2_000),
};

/** True for the errors a request sees while Redis is away (refused, dropped, timed out): answer 503, not 500. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /Stream isn't writeable|Connection is closed|Command timed out|max retries per request|ECONNREFUSED|ECONNRESET|EPIPE/i.test(
      error.message,
    )
  );
}

/** Resolves when the connection is ready (start-up: a connection without an offline queue refuses commands until then). */
export async function untilReady(redis: Redis, timeoutMs = 30_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.removeListener('ready', onReady);
      reject(new ConfigError(`Redis did not become ready within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

async function answers(url: string, timeoutMs = 800): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ResolvedRedis {
  url: string;
  /** Where the URL came from, for the start-up log. */
  source: 'REDIS_URL' | 'local' | 'child';
  child?: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Find Redis the way `npm start` promises: REDIS_URL; else 127.0.0.1:6379; else a child
 * redis-server with append-only persistence under DATA_DIR/redis; else a clear message.
 */
export async function resolveRedis(options: {
  url?: string;
  dataDir: string;
  logger: Logger;
  localUrl?: string;
}): Promise<ResolvedRedis> {
  if (options.url) return { url: options.url, source: 'REDIS_URL', stop: async () => undefined };
  const local = options.localUrl ?? 'redis://127.0.0.1:6379';
  if (await answers(local)) return { url: local, source: 'local', stop: async () => undefined };
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new ConfigError(
      'Redis is needed and none answers on 127.0.0.1:6379. Set REDIS_URL, or install Redis (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) and run npm start again.',
    );
  }
  const dir = resolve(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--protected-mode',
      'yes',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await answers(url, 300)) {
      options.logger.info({ port, dir }, 'started a child redis-server with append-only persistence');
      return {
        url,
        source: 'child',
        child,
        stop: async () => {
          if (child.exitCode !== null) return;
          await new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new ConfigError(`redis-server was started on port ${port} but did not answer; check ${dir}`);
}
