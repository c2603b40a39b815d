import { redactSecrets } from './redact.js';

/**
 * Base of every failure a user can meet. `message` is one actionable line: what
 * went wrong and what to do. `cause` keeps the underlying error for whoever logs it.
 * Secrets are redacted before the message is built (STYLE.md habit 11).
 */
export class JobdeckError extends Error {
  override readonly name: string = 'JobdeckError';
  /** Process exit code when this error ends a command. */
  readonly exitCode: number = 1;

  constructor(message: string, options?: { cause?: unknown }) {
    super(redactSecrets(message), options);
  }
}

/** A usage or configuration error: exit code 2. */
export class ConfigError extends JobdeckError {
  override readonly name = 'ConfigError';
  override readonly exitCode = 2;
}

/** A source (database, Docker, Redis, HTTP endpoint) could not be reached. */
export class SourceUnreachableError extends JobdeckError {
  override readonly name = 'SourceUnreachableError';
  override readonly exitCode = 2;
}

/** The source answered but not as expected (missing table, permission, timeout). */
export class SourceQueryError extends JobdeckError {
  override readonly name = 'SourceQueryError';
}

/** An action refused to run (read-only mode, condition no longer holds). */
export class ActionRefusedError extends JobdeckError {
  override readonly name = 'ActionRefusedError';
}

export function isJobdeckError(value: unknown): value is JobdeckError {
  return value instanceof JobdeckError;
}

/** One line for any thrown value, redacted. */
export function errorLine(value: unknown): string {
  if (value instanceof Error) return redactSecrets(value.message.split('\n')[0] ?? value.name);
  return redactSecrets(String(value));
}
