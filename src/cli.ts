/**
 * The command: parse flags, decide whether questions may be asked, then run
 * the Yeoman generator in our own environment (no `yo` needed). Errors become
 * one clear line and an exit code; stack traces only with --debug.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { helpText, parseArgv } from './argv.js';
import { CancelledError, CliError, UsageError } from './errors.js';
import type { Answers, Context } from './options.js';
import { fillDefaults, resolveSpec } from './spec.js';
import { checkTarget } from './target.js';

export interface Io {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean; write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const GENERATOR = '../generators/app/index.js';

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as { version: string }).version;
}

/** Prompts need a person: both ends a TTY, not CI, and no --yes. */
export function canPrompt(io: Pick<Io, 'env' | 'stdin' | 'stdout'>, given: Partial<Answers>): boolean {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== '0' && io.env.CI !== 'false';
  return Boolean(io.stdin.isTTY && io.stdout.isTTY && !ci && !given.yes);
}

export async function main(io: Io): Promise<number> {
  let debug = Boolean(io.env.DEBUG?.includes('create-traced-lambda'));
  try {
    const given = parseArgv(io.argv);
    debug ||= Boolean(given.debug);
    if (given.help) {
      io.stdout.write(helpText(packageVersion()) + '\n');
      return 0;
    }
    if (given.version) {
      io.stdout.write(packageVersion() + '\n');
      return 0;
    }
    const context: Context = { cwd: io.cwd, env: io.env };
    const interactive = canPrompt(io, given);
    if (!interactive) {
      // Everything is known now: refuse bad input before loading Yeoman or touching the disk.
      const spec = resolveSpec(fillDefaults(given, context), given, context);
      checkTarget(spec.targetDir, spec.directory, spec.force);
    }
    await runGenerator({ given, interactive, context }, debug);
    return 0;
  } catch (error) {
    return report(error, io, debug);
  }
}

async function runGenerator(options: { given: Partial<Answers>; interactive: boolean; context: Context }, debug: boolean) {
  const [{ createEnv }, { QueuedAdapter }, { default: AppGenerator }] = await Promise.all([
    import('yeoman-environment'),
    import('@yeoman/adapter'),
    import(GENERATOR) as Promise<typeof import('../generators/app/index.js')>,
  ]);
  const adapter = new QueuedAdapter();
  if (!debug) {
    // Yeoman logs "An error occured while running <task>" before rethrowing; we report the error in one line.
    const logError = adapter.log.error.bind(adapter.log);
    adapter.log.error = ((message: unknown, ...rest: unknown[]) =>
      typeof message === 'string' && message.startsWith('An error occured while running')
        ? adapter.log
        : logError(message as string, ...(rest as []))) as typeof adapter.log.error;
  }
  const env = createEnv({ cwd: options.context.cwd, adapter, force: true, skipInstall: true });
  const namespace = 'traced-lambda:app';
  env.register(AppGenerator, {
    namespace,
    resolved: fileURLToPath(new URL(GENERATOR, import.meta.url)),
    packagePath: fileURLToPath(new URL('../..', import.meta.url)),
  });
  await env.run([namespace], { ...options, force: true, skipInstall: true } as never);
}

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
