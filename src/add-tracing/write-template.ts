/**
 * Writing the edited template without ever leaving a broken file: the new text goes to a temporary
 * file next to it, is checked (it parses, a second add-tracing run would change nothing, and cfn-lint
 * finds no error the original did not have, when cfn-lint is installed), and only then replaces the
 * original, in one rename that keeps its permissions. A check that fails is a bug of this tool: the
 * message names the check and says the file is untouched, and with --debug the would-be template is kept
 * next to the original (NAME.add-tracing-rejected.EXT) for the bug report.
 */
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { CliError } from '../shared/errors.js';
import { AddTracingError, type AddTracingOptions, planAddTracing } from './plan-edit.js';

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

/** Where --debug keeps a rejected edit: next to the template, named after it. */
export const rejectedPath = (path: string) => {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.add-tracing-rejected${ext}`);
};

/** The first of the write's own checks that the edited text fails: the check's name and what it found. */
function failedCheck(after: string, options: AddTracingOptions): { check: string; found: string } | undefined {
  try {
    if (planAddTracing(after, options).changed) return { check: 'a second run changes nothing', found: 'a second run would change it again' };
  } catch (error) {
    if (!(error instanceof AddTracingError)) throw error;
    return { check: 'the result parses as a template', found: error.message };
  }
  return undefined;
}

export async function writeTemplate(path: string, after: string, options: AddTracingOptions, { debug = false } = {}): Promise<Written> {
  const temp = join(dirname(path), `.${basename(path)}.add-tracing-${process.pid}`);
  const rejected = (check: string, found: string) => {
    let keep = `Run again with --debug to keep the would-be template next to it for a bug report.`;
    if (debug) {
      writeFileSync(rejectedPath(path), after);
      keep = `The would-be template is in ${rejectedPath(path)}: please attach it to a bug report.`;
    }
    return new CliError(`add-tracing's edit failed its check "${check}" (a bug in create-traced-lambda): ${found}. ${path} is untouched. ${keep}`);
  };
  try {
    writeFileSync(temp, after, { flag: 'wx' });
    const failed = failedCheck(after, options);
    if (failed) throw rejected(failed.check, failed.found);
    const [was, is] = await Promise.all([lintErrors(path), lintErrors(temp)]);
    const linted = is === undefined ? 'cfn-lint is not installed, so only its parsing was checked' : 'cfn-lint';
    const added = is && was ? [...is].filter((e) => !was.has(e)) : [];
    if (added.length > 0) throw rejected('cfn-lint finds no error the original did not have', `cfn-lint finds ${added.join('; ')}`);
    chmodSync(temp, statSync(path).mode & 0o7777);
    renameSync(temp, path);
    return { linted };
  } finally {
    rmSync(temp, { force: true });
  }
}
