/**
 * Errors the CLI prints as one line, without a stack trace. Exit codes:
 * 0 success, 1 the work failed (database error, unreachable host, bad document),
 * 2 the user asked for something invalid (bad flag, missing file, bad config).
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A problem the user can fix; printed as `nianbao: <message>`. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_USAGE, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** A failure of the work itself (e.g. the database rejected a query); still one line. */
export class CommandFailure extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT_FAILURE, options);
    this.name = 'CommandFailure';
  }
}

export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s*\n\s*/g, ' ').trim();
}
