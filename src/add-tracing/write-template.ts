/**
 * Writing the edited template without ever leaving a broken file: the new text goes to a temporary
 * file next to it, is checked (it parses, a second add-tracing run would change nothing, and cfn-lint
 * finds no error the original did not have, when cfn-lint is installed), and only then replaces the
 * original, in one rename that keeps its permissions.
 */
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../shared/errors.js';
import { type AddTracingOptions, planAddTracing } from './plan-edit.js';

/** cfn-lint's errors (E rules) for a file, as "rule: message" lines; undefined when cfn-lint is not installed. */
async function lintErrors(path: string): Promise<Set<string> | undefined> {
  const { execa } = await import('execa');
  const run = await execa('cfn-lint', ['--format', 'parseable', '--', path], { reject: false, stdin: 'ignore' });
  if ((run as { code?: string }).code === 'ENOENT' || run.exitCode === undefined) return undefined;
  const errors = run.stdout
    .split('\n')
    .map((line) => line.slice(path.length + 1).split(':'))
    .filter((parts) => parts[4]?.startsWith('E'))
    .map((parts) => `${parts[4]}: ${parts.slice(5).join(':')}`);
  return new Set(errors);
}

export interface Written {
  /** "cfn-lint" when it checked the result, else why not. */
  linted: string;
}

export async function writeTemplate(path: string, after: string, options: AddTracingOptions): Promise<Written> {
  const temp = join(dirname(path), `.${basename(path)}.add-tracing-${process.pid}`);
  try {
    writeFileSync(temp, after, { flag: 'wx' });
    if (planAddTracing(after, options).changed) throw new CliError('the edited template would change again on a second run (a bug); it was not written');
    const [was, is] = await Promise.all([lintErrors(path), lintErrors(temp)]);
    const linted = is === undefined ? 'cfn-lint is not installed, so only its parsing was checked' : 'cfn-lint';
    const added = is && was ? [...is].filter((e) => !was.has(e)) : [];
    if (added.length > 0) throw new CliError(`cfn-lint finds errors in the edited template, so it was not written:\n  ${added.join('\n  ')}`);
    chmodSync(temp, statSync(path).mode & 0o7777);
    renameSync(temp, path);
    return { linted };
  } finally {
    rmSync(temp, { force: true });
  }
}
