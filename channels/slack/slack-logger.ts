import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/**
 * Bolt and the WebClient log through our pino logger, so their lines carry the same
 * redaction (no message bodies, tokens or numbers in clear). Only strings and error
 * messages are kept: Bolt may pass whole payloads, which we never log.
 */
export function slackLogger(logger: Logger, name = 'slack'): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  const child = logger.child({ component: name });
  const words = (msg: unknown[]): string =>
    msg
      .map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : ''))
      .filter((m) => m !== '')
      .join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(words(msg)),
    info: (...msg: unknown[]) => child.info(words(msg)),
    warn: (...msg: unknown[]) => child.warn(words(msg)),
    error: (...msg: unknown[]) => child.error(words(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
