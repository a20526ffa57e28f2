/** What every command that edits the user's files shows (the diff of each file) and then asks. */
import { createTwoFilesPatch } from 'diff';
import { CancelledError, UsageError } from './errors.js';
import type { StepIo } from './steps.js';

/**
 * One file's unified diff as the commands show it: from its `---`/`+++` header on, without the lines jsdiff
 * puts above it ("Index: …", which it writes only when both names are the same, and a rule of "="s).
 * `from` is /dev/null for a new file.
 */
export function unifiedDiff(from: string, to: string, before: string, after: string, context: number): string {
  const lines = createTwoFilesPatch(from, to, before, after, '', '', { context }).split('\n');
  return lines.slice(lines.findIndex((line) => line.startsWith('--- '))).join('\n');
}

export interface WriteConsent {
  yes?: boolean;
  dryRun?: boolean;
  /** Whether questions may be asked (a terminal at both ends, no CI). */
  interactive: boolean;
}

/** Whether mayWrite says yes without a word (--yes, and no --dry-run): the write may begin before the diff is shown. */
export const writesWithoutAsking = (consent: WriteConsent): boolean => !consent.dryRun && Boolean(consent.yes);

/**
 * Whether to write, after the diff: --dry-run says no (and says so), --yes says yes; else it asks on a
 * terminal, and without one refuses, naming --yes. `subject` and `object` name what would change, at the
 * start of a sentence and inside one (e.g. "The CDK app in ." and "the app in .").
 */
export async function mayWrite(io: StepIo, consent: WriteConsent, subject: string, object = subject): Promise<boolean> {
  if (consent.dryRun) {
    io.log('Dry run: nothing was written.');
    return false;
  }
  if (consent.yes) return true;
  if (!consent.interactive) throw new UsageError(`${subject} was not changed: there is no terminal to ask. Run again with --yes to write it, or --dry-run to only see the diff.`);
  const { confirmed } = await io.prompt<{ confirmed: boolean }>([{ type: 'confirm', name: 'confirmed', message: `Write these changes to ${object}?`, default: true }]);
  if (!confirmed) throw new CancelledError(`cancelled: ${object} was not changed`);
  return true;
}
