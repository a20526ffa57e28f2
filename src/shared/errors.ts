/** A mistake in what the user asked for: exit code 2, the message names the fix. */
export class UsageError extends Error {
  readonly exitCode = 2;
  override name = 'UsageError';
}

/** Something failed while doing what was asked: exit code 1. */
export class CliError extends Error {
  readonly exitCode = 1;
  override name = 'CliError';
}

/**
 * The user cancelled (Ctrl-C at a prompt, or answered no), or an interrupt arrived: exit code
 * 130 for SIGINT and answers, 143 for SIGTERM. The message is one line saying what was kept.
 */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(
    message = 'cancelled',
    readonly exitCode = 130,
  ) {
    super(message);
  }
}
