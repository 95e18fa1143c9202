/**
 * npm start: the gateway on embedded defaults, every role in one process.
 * --role=web (HTTP only) or --role=worker (queues only) runs one role, so each can be scaled.
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { startGateway, type Role } from '../app/gateway.js';
import { channelLogRedaction, loadGatewayConfig } from '../app/config.js';
import { ConfigError } from '../src/errors.js';
import { createLogger, type Logger } from '../src/logger.js';

const roleArg = process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all';
if (!['all', 'web', 'worker'].includes(roleArg)) {
  process.stderr.write(`Unknown role "${roleArg}": use --role=web, --role=worker, or no flag for both.\n`);
  process.exit(2);
}

/**
 * Linux keeps a nice value per thread, and V8's compiler and GC threads already run by
 * now: each is lowered, not only the main thread. Threads started later inherit it.
 */
function lowerPriority(nice: number, logger: Logger): void {
  let threads: string[] = [];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    // Not Linux: the process priority is all there is.
  }
  try {
    setPriority(nice);
    for (const tid of threads) setPriority(Number(tid), nice);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'could not lower the worker CPU priority');
  }
}

try {
  const config = loadGatewayConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, redact: channelLogRedaction });
  if (roleArg === 'worker') {
    // Turns wait in the queue; a webhook not answered in time is retried or dropped by the provider.
    lowerPriority(Math.max(getPriority(), config.WORKER_NICE), logger);
  }
  const gateway = await startGateway({ config, role: roleArg as Role, logger });
  if (roleArg !== 'worker')
    process.stdout.write(`Gateway ready on http://localhost:${gateway.port} (web chat at /, health at /healthz)\n`);
  else process.stdout.write('WORKER READY: taking jobs from the queues\n');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write('Forced exit.\n');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: /readyz answers 503, web chats are closed (1001), jobs in flight finish');
    // The bound: close() itself gives up on jobs after 20 s (their locks expire and another
    // worker takes them); this is the backstop should anything else hang.
    setTimeout(() => {
      logger.error('shutdown did not finish in 30 s: exiting');
      process.exit(1);
    }, 30_000).unref();
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  // A configuration problem is the operator's to fix: say what, never a stack trace.
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`The gateway could not start: ${(error as Error).message}\n`);
  }
  process.exit(1);
}
