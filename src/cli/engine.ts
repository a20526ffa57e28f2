/**
 * The one module that talks to Yeoman's environment. Runs a generator (app, or the add-tracing
 * sub-generator) in Yeoman's EnvironmentBase: the engine without the parts a create-tool never uses
 * (generator lookup, installing generators from npm, its own command line). The CLI loads it only for a
 * run that may ask questions, once the flags parse: a run that asks nothing runs the same
 * steps without Yeoman (src/cli/run-steps.ts), and --help and bad flags never get this far.
 */
import { fileURLToPath } from 'node:url';
import { QueuedAdapter } from '@yeoman/adapter';
import { EnvironmentBase } from 'yeoman-environment';
import AppGenerator from '../../generators/app/index.js';
import { PACKAGE_ROOT } from '../shared/root.js';
import type { Run } from './commands.js';

/**
 * Yeoman's own options, the same for every run: its conflicter never asks or refuses (our own writes
 * decide what may be replaced, under the user's --force), and it installs nothing by itself.
 */
const YEOMAN_OPTIONS = { force: true, skipInstall: true } as const;

/** Runs the command's generator, with Yeoman's prompts (inquirer, through its QueuedAdapter). */
export async function runGenerator(run: Run, debug: boolean) {
  const { input } = run;
  const adapter = new QueuedAdapter();
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
  // add-tracing and upgrade (and their diff library) load only when one is the command.
  const Generator =
    run.generator === 'app'
      ? AppGenerator
      : run.generator === 'upgrade'
        ? (await import('../../generators/upgrade/index.js')).default
        : (await import('../../generators/add-tracing/index.js')).default;
  env.register(Generator, { namespace, resolved: fileURLToPath(import.meta.url), packagePath: PACKAGE_ROOT });
  const generatorOptions: { input: Run['input'] } & typeof YEOMAN_OPTIONS = { input, ...YEOMAN_OPTIONS };
  const generator = await env.create(namespace, { generatorOptions: generatorOptions as never });
  await env.runGenerator(generator);
}
