/** Checks on the target directory. Reads the disk, never writes it. */
import { readdirSync, statSync } from 'node:fs';
import { UsageError } from '../shared/errors.js';

/** Why files cannot be written into `dir`, or undefined when they can. */
export function targetProblem(dir: string, shown: string, force: boolean): string | undefined {
  let stat;
  try {
    stat = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `Cannot use ${shown}: ${(error as Error).message}`;
  }
  if (!stat.isDirectory()) return `${shown} exists and is not a directory. Choose another directory.`;
  const entries = readdirSync(dir).filter((entry) => entry !== '.git');
  if (entries.length === 0 || force) return undefined;
  const listed = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, and ${entries.length - 5} more` : '');
  return (
    `${shown} is not empty (${listed}). Choose a new or empty directory, or add --force to write ` +
    'the generated files into it (other files are left alone).'
  );
}

export function checkTarget(dir: string, shown: string, force: boolean): void {
  const problem = targetProblem(dir, shown, force);
  if (problem) throw new UsageError(problem);
}
