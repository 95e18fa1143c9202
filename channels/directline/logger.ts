/**
 * The slice of a pino logger the channel uses. Callers pass pino itself (or a child).
 * Nothing logged here carries message text, tokens, the secret or client IP addresses.
 */
export interface ChannelLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/**
 * An error's name and code, and its message when asked: never the stack, which may quote a
 * request body. Errors thrown by other layers (the intake) are logged without their message,
 * as we cannot know that it does not quote the customer.
 */
export function describeError(error: unknown, withMessage = false): Record<string, unknown> {
  if (!(error instanceof Error)) return { err: { name: typeof error } };
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return {
    err: {
      name: error.name,
      ...(code === undefined ? {} : { code }),
      ...(withMessage ? { message: error.message } : {}),
    },
  };
}
