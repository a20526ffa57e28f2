/**
 * Runs a generator (app, or the add-tracing sub-generator) in Yeoman's EnvironmentBase: the engine
 * without the parts a create-tool never uses (generator lookup, installing generators from npm, its own
 * command line). The CLI imports this module only once the input is known to be good, so --help and bad
 * flags never load Yeoman.
 */
import { fileURLToPath } from 'node:url';
import { EnvironmentBase } from 'yeoman-environment';
import AppGenerator from '../generators/app/index.js';
import { createQuietAdapter } from './adapter.js';
import type { AddTracingGiven } from './add-tracing/argv.js';
import type { Answers, Context } from './options.js';
import { PACKAGE_ROOT } from './root.js';

export type Run =
  | { generator: 'app'; options: { given: Partial<Answers>; interactive: boolean; context: Context } }
  | { generator: 'add-tracing'; options: { given: AddTracingGiven; template: string; interactive: boolean; context: Context } };

export async function runGenerator({ generator: name, options }: Run, debug: boolean) {
  // The prompt machinery (inquirer, a spinner) loads only when questions will be asked.
  const adapter = options.interactive ? (await import('./adapter-queued.js')).createQueuedAdapter() : createQuietAdapter();
  if (!debug) {
    // Yeoman logs "An error occured while running <task>" before rethrowing; we report the error in one line.
    const logError = adapter.log.error.bind(adapter.log);
    adapter.log.error = ((message: unknown, ...rest: unknown[]) =>
      typeof message === 'string' && message.startsWith('An error occured while running')
        ? adapter.log
        : logError(message as string, ...(rest as []))) as typeof adapter.log.error;
  }
  const env = new EnvironmentBase({ cwd: options.context.cwd, adapter, force: true, skipInstall: true });
  const namespace = `traced-lambda:${name}`;
  // add-tracing (and its diff library) loads only when it is the command.
  const Generator = name === 'app' ? AppGenerator : (await import('../generators/add-tracing/index.js')).default;
  env.register(Generator, { namespace, resolved: fileURLToPath(import.meta.url), packagePath: PACKAGE_ROOT });
  const generator = await env.create(namespace, { generatorOptions: { ...options, force: true, skipInstall: true } as never });
  await env.runGenerator(generator);
}
