/**
 * The one module that talks to Yeoman's environment. Runs a generator (app, or the add-tracing
 * sub-generator) in Yeoman's EnvironmentBase: the engine
 * without the parts a create-tool never uses (generator lookup, installing generators from npm, its own
 * command line). The CLI imports this module only once the input is known to be good, so --help and bad
 * flags never load Yeoman.
 */
import { fileURLToPath } from 'node:url';
import { EnvironmentBase } from 'yeoman-environment';
import type { BaseOptions } from 'yeoman-generator';
import AppGenerator from '../../generators/app/index.js';
import { createQuietAdapter } from './adapter.js';
import type { AddTracingGiven } from '../add-tracing/flags.js';
import type { Answers, Context } from '../create/options.js';
import { PACKAGE_ROOT } from './root.js';

/** What the app generator (create) is given. */
export interface AppInput {
  /** Values given as flags. */
  given: Partial<Answers>;
  /** May questions be asked? (The CLI decides: a TTY, no CI, no --yes.) */
  interactive: boolean;
  context: Context;
}

/** What the add-tracing generator is given. */
export interface AddTracingInput {
  given: AddTracingGiven;
  /** The template's absolute path (the CLI checked that it is a file). */
  template: string;
  interactive: boolean;
  context: Context;
}

/** The contract between the CLI and the generators: which one, and its input. */
export type Run = { generator: 'app'; input: AppInput } | { generator: 'add-tracing'; input: AddTracingInput };

/**
 * A generator's options: our input under `input`, apart from Yeoman's own options, so that nothing of
 * the user's (their --force, say) is ever read as one of Yeoman's.
 */
export type GeneratorOptions<I> = BaseOptions & { input: I };

/**
 * Yeoman's own options, the same for every run: its conflicter never asks or refuses (our own writes
 * decide what may be replaced, under the user's --force), and it installs nothing by itself.
 */
const YEOMAN_OPTIONS = { force: true, skipInstall: true } as const;

export async function runGenerator(run: Run, debug: boolean) {
  const { input } = run;
  // The prompt machinery (inquirer, a spinner) loads only when questions will be asked.
  const adapter = input.interactive ? (await import('./adapter-queued.js')).createQueuedAdapter() : createQuietAdapter();
  if (!debug) {
    // Yeoman logs "An error occured while running <task>" before rethrowing; we report the error in one line.
    const logError = adapter.log.error.bind(adapter.log);
    adapter.log.error = ((message: unknown, ...rest: unknown[]) =>
      typeof message === 'string' && message.startsWith('An error occured while running')
        ? adapter.log
        : logError(message as string, ...(rest as []))) as typeof adapter.log.error;
  }
  const env = new EnvironmentBase({ cwd: input.context.cwd, adapter, ...YEOMAN_OPTIONS });
  const namespace = `traced-lambda:${run.generator}`;
  // add-tracing (and its diff library) loads only when it is the command.
  const Generator = run.generator === 'app' ? AppGenerator : (await import('../../generators/add-tracing/index.js')).default;
  env.register(Generator, { namespace, resolved: fileURLToPath(import.meta.url), packagePath: PACKAGE_ROOT });
  const generatorOptions: { input: AppInput | AddTracingInput } & typeof YEOMAN_OPTIONS = { input, ...YEOMAN_OPTIONS };
  const generator = await env.create(namespace, { generatorOptions: generatorOptions as never });
  await env.runGenerator(generator);
}
