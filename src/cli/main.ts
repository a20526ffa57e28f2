/**
 * The command: parse flags, decide whether questions may be asked, then run the command's steps: in
 * Yeoman's environment (no `yo` needed) when questions may be asked, in order without Yeoman when not.
 * Errors become one clear line and an exit code; stack traces only with --debug.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addTracingHelp, findTemplate, parseAddTracingArgv } from '../add-tracing/flags.js';
import { cdkGiven, findCdkApp } from '../add-tracing/cdk/app-files.js';
import { helpText, parseArgv } from '../create/flags.js';
import { parseUpgradeArgv, upgradeHelp, upgradeTarget } from '../upgrade/flags.js';
import { CancelledError, CliError, UsageError } from '../shared/errors.js';
import type { Context } from '../model/options.js';
import { type Run, stepsFor } from './commands.js';
import { type StepOutput, runSteps } from './run-steps.js';
import { PACKAGE_ROOT } from '../shared/root.js';

export interface Io {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean; write(text: string): unknown };
  stderr: StepOutput;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Prompts need a person: both ends a TTY, not CI, and not told to ask nothing (--yes). */
export function canPrompt(io: Pick<Io, 'env' | 'stdin' | 'stdout'>, askNothing: boolean | undefined): boolean {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== '0' && io.env.CI !== 'false';
  return Boolean(io.stdin.isTTY && io.stdout.isTTY && !ci && !askNothing);
}

/** What a command line asks for: text to print, or a generator to run. */
type Request = { print: string } | { run: Run };

export async function main(io: Io): Promise<number> {
  // --debug, once parsed, also applies to errors found later.
  const flags = { debug: Boolean(io.env.DEBUG?.includes('create-traced-lambda')) };
  try {
    const command = COMMANDS[io.argv[0] ?? ''];
    const request = command ? command(io, io.argv.slice(1), flags) : createProject(io, flags);
    if ('print' in request) {
      io.stdout.write(request.print + '\n');
      return 0;
    }
    // Yeoman (and inquirer) load only for a run that may ask, once the flags parse.
    const { run } = request;
    if (run.input.interactive) {
      const { runGenerator } = await import('./engine.js');
      await runGenerator(run, flags.debug);
    } else {
      await runSteps(await stepsFor(run), io.stderr);
    }
    return 0;
  } catch (error) {
    return report(error, io, flags.debug);
  }
}

/** create-traced-lambda [directory] [options] */
function createProject(io: Io, flags: { debug: boolean }): Request {
  const given = parseArgv(io.argv);
  flags.debug ||= Boolean(given.debug);
  if (given.help) return { print: helpText(packageVersion()) };
  if (given.version) return { print: packageVersion() };
  const context: Context = { cwd: io.cwd, env: io.env };
  // Bad input is refused by the first step (it resolves the spec and checks the target), before it prints or writes.
  return { run: { generator: 'app', input: { given, interactive: canPrompt(io, given.yes), context } } };
}

/** create-traced-lambda add-tracing [template] [options] */
function addTracing(io: Io, argv: string[], flags: { debug: boolean }): Request {
  const given = parseAddTracingArgv(argv);
  flags.debug ||= Boolean(given.debug);
  if (given.help) return { print: addTracingHelp(packageVersion()) };
  const context: Context = { cwd: io.cwd, env: io.env };
  const interactive = canPrompt(io, given.yes || given.dryRun);
  const cdkApp = findCdkApp(io.cwd, given.template);
  if (cdkApp) return { run: { generator: 'add-tracing', input: { given: cdkGiven(given), template: join(cdkApp, 'cdk.json'), cdkApp, interactive, context } } };
  const template = findTemplate(io.cwd, given.template);
  return { run: { generator: 'add-tracing', input: { given, template, interactive, context } } };
}

/** create-traced-lambda upgrade [path] [options] */
function upgrade(io: Io, argv: string[], flags: { debug: boolean }): Request {
  const given = parseUpgradeArgv(argv);
  flags.debug ||= Boolean(given.debug);
  if (given.help) return { print: upgradeHelp(packageVersion()) };
  const context: Context = { cwd: io.cwd, env: io.env };
  const target = upgradeTarget(io.cwd, given.path);
  return { run: { generator: 'upgrade', input: { given, target, interactive: canPrompt(io, given.yes || given.dryRun), context } } };
}

/** The commands named by the first argument; anything else is create's. */
const COMMANDS: Record<string, (io: Io, argv: string[], flags: { debug: boolean }) => Request> = { 'add-tracing': addTracing, upgrade };

function isPromptExit(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

function report(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CancelledError) {
    io.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (isPromptExit(error)) {
    io.stderr.write('cancelled\n');
    return 130;
  }
  if (debug) io.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  if (error instanceof UsageError || error instanceof CliError) {
    if (!debug) io.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  if (!debug) {
    io.stderr.write(
      `error: ${(error as Error)?.message ?? String(error)}\n` +
        'This looks like a bug in create-traced-lambda. Run again with --debug for the details, and please report it.\n',
    );
  }
  return 1;
}
