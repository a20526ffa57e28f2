/**
 * Writing the edited template without ever leaving a broken file: the new text goes to a temporary
 * file next to it, is checked (it parses, a second add-tracing run would change nothing, and cfn-lint
 * finds no error the original did not have, when cfn-lint is installed), and only then replaces the
 * original, in one rename that keeps its permissions. A check that fails is a bug of this tool: the
 * message names the check and says the file is untouched, and with --debug the would-be template is kept
 * next to the original (NAME.add-tracing-rejected.EXT) for the bug report.
 *
 * cfn-lint is most of the time such a write takes, so it starts first, as soon as the staged file is
 * there; the second-run check (0.2-0.3 s on a 400-function template) and, with --yes, the diff
 * (0.5-0.9 s) run beside it. On 400 Python functions (scripts/large-template.js, in `npm run bench`;
 * 2026-12-07, a 2-core machine), our own time outside cfn-lint's run went from 2.0 s to 0.6 s for plain
 * CloudFormation (before cfn-lint starts 1.6 to 0.5 s, after it ends 0.34 to 0.05 s; medians of 5) and
 * from 1.8 s to 0.7 s for SAM with Globals; the whole CloudFormation run from 10.06 s to 8.79 s, against
 * 7.93 s for one cfn-lint run over the result: 1.27x to 1.11x (medians of 9 alternating rounds). What
 * is left: Node's start and the one plan before cfn-lint can start, and what the work beside it takes
 * from cfn-lint on two cores (about 0.3 s).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { signalExitCode, withSignals } from '../shared/signals.js';
import { replaceWithStaged, stagedFile } from '../shared/staged-file.js';
import { CancelledError, CliError } from '../shared/errors.js';
import { LINT_TIMEOUT_VARIABLE, type LintOutcome, type Linting, lintTimeoutMs, startLint } from './lint.js';
import { AddTracingError, type AddTracingOptions, planAddTracing } from './plan-edit.js';
import { showProgress } from './progress.js';

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

export interface WriteOptions {
  /** Keep a rejected edit next to the template (NAME.add-tracing-rejected.EXT). */
  debug?: boolean;
  /** What the caller does while cfn-lint checks the result (add-tracing shows its diff), before any verdict. */
  meanwhile?: () => void;
  /** How cfn-lint is started: the unit tests give a stand-in, as they run no child process. */
  lint?: typeof startLint;
}

/** What one checked write works with: where it stages, how it is cancelled, and how a rejection reads. */
interface Write {
  path: string;
  after: string;
  options: AddTracingOptions;
  staged: { target: string; temp: string };
  cancel: AbortController;
  rejected: (check: string, found: string) => CliError;
  /** Starts cfn-lint on a file, within the run's time bound and cancelled with the write. */
  lintFile: (file: string, text: string) => Promise<Linting>;
}

/**
 * Writes `after` over the template at `path` once it passes the checks. A symbolic link is followed:
 * the file it points to is edited (staged beside it, renamed there, its mode kept) and the link stays.
 * cfn-lint starts first, as soon as the staged file is there: the second-run check and `meanwhile` run
 * while it does, and nothing is written before every check has passed.
 */
export async function writeTemplate(path: string, after: string, options: AddTracingOptions, { debug = false, meanwhile, lint = startLint }: WriteOptions = {}): Promise<Written> {
  const staged = stagedFile(path, 'add-tracing');
  const rejected = (check: string, found: string) => {
    let keep = `Run again with --debug to keep the would-be template next to it for a bug report.`;
    if (debug) {
      writeFileSync(rejectedPath(path), after);
      keep = `The would-be template is in ${rejectedPath(path)}: please attach it to a bug report.`;
    }
    return new CliError(`add-tracing's edit failed its check "${check}" (a bug in create-traced-lambda): ${found}. ${path} is untouched. ${keep}`);
  };
  const cancel = new AbortController();
  const timeoutMs = lintTimeoutMs();
  const lintFile = (file: string, text: string) => lint(file, text, { timeoutMs, cancel: cancel.signal });
  const write: Write = { path, after, options, staged, cancel, rejected, lintFile };
  const { result: linted, signal } = await withSignals(async (interrupted) => {
    try {
      writeFileSync(staged.temp, after, { flag: 'wx' });
      return await checkAndReplace(write, await lintFile(staged.temp, after), interrupted, meanwhile);
    } finally {
      rmSync(staged.temp, { force: true });
    }
  }, () => cancel.abort());
  if (linted === undefined) throw new CancelledError(`cancelled (${signal}) while checking the edit: ${path} was not changed`, signalExitCode(signal ?? 'SIGINT'));
  return { linted };
}

/**
 * With cfn-lint running on the staged file: the caller's `meanwhile`, then the write's own checks (a
 * failure stops cfn-lint, and waits for it to end); then cfn-lint's verdict, and the staged file takes
 * the template's place. Undefined when interrupted.
 */
async function checkAndReplace(write: Write, linting: Linting, interrupted: () => string | undefined, meanwhile?: () => void): Promise<string | undefined> {
  try {
    meanwhile?.();
    const failed = failedCheck(write.after, write.options);
    if (failed) throw write.rejected(failed.check, failed.found);
  } catch (error) {
    write.cancel.abort();
    await linting.outcome;
    throw error;
  }
  const [was, is] = await lintBoth(write, linting);
  if (interrupted()) return undefined;
  const added = addedErrors(write.path, was, is);
  if (added.length > 0) throw write.rejected('cfn-lint finds no error the original did not have', `cfn-lint finds ${added.join('; ')}`);
  replaceWithStaged(write.staged);
  return is.kind === 'not-installed' ? 'cfn-lint is not installed, so only its parsing was checked' : 'cfn-lint';
}

/**
 * cfn-lint on the result (already running) and, only when it finds errors, on the original (were they
 * there already?). A clean result, the usual case, costs one run: on a 400-function SAM template with a
 * role per function (cfn-lint's E3010 in both) a run takes 20-28 s, and two at once on this 2-core
 * machine took 54-65 s each (so they are not run at once). The time is shown on a terminal, counted
 * from the run's start.
 */
async function lintBoth({ staged, cancel, lintFile }: Write, linting: Linting): Promise<[LintOutcome, LintOutcome]> {
  const shown = async (label: string, run: Linting) => {
    const done = showProgress(label, process.stderr, run.started);
    try {
      return await run.outcome;
    } finally {
      done();
    }
  };
  const is = await shown('checking the result with cfn-lint', linting);
  if (is.kind !== 'errors' || is.errors.size === 0 || cancel.signal.aborted) return [is, is];
  const again = await lintFile(staged.target, readFileSync(staged.target, 'utf8'));
  const was = await shown('the result has cfn-lint errors: checking whether the original has them too', again);
  return [was, is];
}

/** The errors cfn-lint finds in the result and not in the original; a CliError when it could not tell. */
function addedErrors(path: string, was: LintOutcome, is: LintOutcome): string[] {
  for (const outcome of [was, is]) {
    if (outcome.kind === 'timed-out') {
      throw new CliError(`cfn-lint did not finish checking the edit within ${outcome.seconds} s, so ${path} was not changed. Check that \`cfn-lint ${path}\` finishes, or set ${LINT_TIMEOUT_VARIABLE}=SECONDS to wait longer.`);
    }
    if (outcome.kind === 'failed') throw new CliError(`cfn-lint could not check the edit (${outcome.why}), so ${path} was not changed. Run \`cfn-lint ${path}\` to see why.`);
  }
  if (was.kind !== 'errors' || is.kind !== 'errors') return [];
  return [...is.errors].filter((e) => !was.errors.has(e));
}
