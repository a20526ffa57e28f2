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

/** The user cancelled (Ctrl-C at a prompt, or answered no): exit code 130. */
export class CancelledError extends Error {
  readonly exitCode = 130;
  override name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}
