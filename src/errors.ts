/**
 * Coded errors, after bolt-js: one string enum with a namespaced prefix, one class per
 * code, and asCodedError() so a handler always receives a coded error.
 */
export const ErrorCode = {
  ConfigError: 'gateway_config_error',
  TransientSendError: 'gateway_transient_send_error',
  PermanentSendError: 'gateway_permanent_send_error',
  InvalidPayloadError: 'gateway_invalid_payload_error',
  PolicyError: 'gateway_policy_error',
  NotFoundError: 'gateway_not_found_error',
  UnknownError: 'gateway_unknown_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface CodedError extends Error {
  code: ErrorCode;
}

export class ConfigError extends Error implements CodedError {
  readonly code = ErrorCode.ConfigError;
}

/** A send that may succeed later: network failure, 429, 5xx. The queue retries with backoff. */
export class TransientSendError extends Error implements CodedError {
  readonly code = ErrorCode.TransientSendError;
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A send that never will: unsubscribed, invalid number, outside the messaging window. Recorded, shown to staff. */
export class PermanentSendError extends Error implements CodedError {
  readonly code = ErrorCode.PermanentSendError;
  constructor(
    message: string,
    readonly providerCode?: string,
  ) {
    super(message);
  }
}

export class InvalidPayloadError extends Error implements CodedError {
  readonly code = ErrorCode.InvalidPayloadError;
}

/** A request the policy pack refuses, e.g. an extension beyond the pack's cap. */
export class PolicyError extends Error implements CodedError {
  readonly code = ErrorCode.PolicyError;
}

export class NotFoundError extends Error implements CodedError {
  readonly code = ErrorCode.NotFoundError;
}

class UnknownError extends Error implements CodedError {
  readonly code = ErrorCode.UnknownError;
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

export function asCodedError(error: unknown): CodedError {
  if (error instanceof Error && 'code' in error && Object.values(ErrorCode).includes(error.code as ErrorCode)) {
    return error as CodedError;
  }
  return new UnknownError(error);
}
